/**
 * Inkeep's QA API. No Inkeep key is reachable from here: the bytes follow Inkeep's documentation
 * (docs.inkeep.com/ai-api/question-answer-mode: "provideLinks: a list of links (sources) used ...";
 * the LinksToolSchema of "Use the Question Answer API with the OpenAI SDK": label, url, title,
 * description, type, breadcrumbs) in OpenAI's streamed tool call format (delta.tool_calls[] with
 * index, id, type and function.name first, the JSON arguments in fragments after), and the answer
 * cites its sources inline as `[(1)](url)`, which the old widget turned into cards titled "(1)".
 */
import type { AnswerSourceLink } from '../../../widget-core/widget-types.ts';
import { sse, type Transcript } from './transcript.fixture.ts';

const DOCS = 'https://docs.inkeep.com';
const TEXT = `To add the chat button, paste the script tag in your site's HTML [(1)](${DOCS}/cloud/ai-chat/chat-button/js-snippet). You can also use the React component [(2)](${DOCS}/cloud/ai-chat/chat-button/react).`;
const LINKS = [
  { label: '1', url: `${DOCS}/cloud/ai-chat/chat-button/js-snippet`, title: 'Add a chat button with JavaScript', description: 'Load the widget with a script tag.', type: 'documentation', breadcrumbs: ['Inkeep', 'AI Chat', 'Chat button'] },
  { label: '2', url: `${DOCS}/cloud/ai-chat/chat-button/react`, title: 'Chat button in React', type: 'documentation', breadcrumbs: ['Inkeep', 'AI Chat'] },
  // A link Inkeep would never send, and must never become a card.
  { label: '3', url: 'javascript:alert(document.domain)', title: 'Click me' },
];
export const INKEEP_SOURCES: AnswerSourceLink[] = LINKS.slice(0, 2).map(({ type: _, label: __, ...l }) => l);

const chunk = (delta: object, finish: string | null = null) => ({ id: 'chatcmpl-ik', object: 'chat.completion.chunk', created: 1760000000, model: 'inkeep-qa-expert', choices: [{ index: 0, delta, finish_reason: finish }] });
const args = JSON.stringify({ links: LINKS });

export const INKEEP: Transcript[] = [
  {
    name: 'Inkeep QA, streamed, sources from provideLinks',
    backend: 'Inkeep',
    protocol: 'inkeep',
    source: 'docs.inkeep.com/ai-api/question-answer-mode (overview; OpenAI SDK example); OpenAI\'s streamed tool call format',
    response: {
      contentType: 'text/event-stream',
      body: sse(
        chunk({ role: 'assistant', content: '' }),
        ...TEXT.match(/.{1,40}/gs)!.map((c) => chunk({ content: c })),
        chunk({ tool_calls: [{ index: 0, id: 'call_8s1', type: 'function', function: { name: 'provideLinks', arguments: '' } }] }),
        ...args.match(/.{1,64}/gs)!.map((a) => chunk({ tool_calls: [{ index: 0, function: { arguments: a } }] })),
        chunk({}, 'tool_calls'),
        '[DONE]',
      ),
    },
    expect: { text: TEXT, sources: INKEEP_SOURCES, finish: 'stop', outcome: 'answer' },
    request: (b) => {
      if (b.model !== 'inkeep-qa-expert' || b.tools?.[0]?.function?.name !== 'provideLinks' || b.tool_choice !== 'auto') throw new Error('the provideLinks tool was not offered');
    },
  },
  {
    name: 'Inkeep QA, whole (JSON with tool_calls)',
    backend: 'Inkeep',
    protocol: 'inkeep',
    source: 'docs.inkeep.com/ai-api/question-answer-mode/openai-sdk (a non-streamed completion: choices[0].message.tool_calls)',
    response: {
      contentType: 'application/json',
      body: JSON.stringify({
        id: 'chatcmpl-ik2',
        object: 'chat.completion',
        created: 1760000000,
        model: 'inkeep-qa-expert',
        choices: [{ index: 0, message: { role: 'assistant', content: TEXT, tool_calls: [{ id: 'call_8s2', type: 'function', function: { name: 'provideLinks', arguments: args } }] }, finish_reason: 'stop' }],
      }),
    },
    expect: { text: TEXT, sources: INKEEP_SOURCES, finish: 'stop', outcome: 'answer' },
  },
];
