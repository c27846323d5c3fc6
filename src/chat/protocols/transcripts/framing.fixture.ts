/**
 * Framing variants every backend may produce (the SSE format of html.spec.whatwg.org, and what
 * proxies do to it), on Chat Completions chunks.
 */
import { sse, type Transcript } from './transcript.fixture.ts';

const chunk = (content: string, finish: string | null = null) => ({ id: 'chatcmpl-f', object: 'chat.completion.chunk', created: 1760000000, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
const SOURCE = 'the HTML standard, "Server-sent events: parsing an event stream", on chunks in OpenAI\'s format';

export const FRAMING: Transcript[] = [
  {
    name: 'One event over several data: lines',
    backend: 'any (a proxy that re-frames)',
    protocol: 'openai',
    source: `${SOURCE}: the data lines of one event are joined with a newline (JSON stays JSON); the old reader took each line for an event and showed an empty answer`,
    response: {
      contentType: 'text/event-stream',
      body: `data: {"id":"chatcmpl-f","object":"chat.completion.chunk",\ndata: "choices":[{"index":0,"delta":{"role":"assistant",\ndata: "content":"Add one script tag "},"finish_reason":null}]}\n\n` + `data: {"id":"chatcmpl-f","object":"chat.completion.chunk",\ndata: "choices":[{"index":0,"delta":{"content":"before </body>."},\ndata: "finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`,
    },
    expect: { text: 'Add one script tag before </body>.', finish: 'stop', outcome: 'answer' },
  },
  {
    name: 'CRLF line ends, a BOM, event and id fields',
    backend: 'any (a .NET or Windows proxy)',
    protocol: 'openai',
    source: `${SOURCE}: a leading BOM is dropped, CRLF ends a line, event:, id: and retry: are fields, not data`,
    response: {
      contentType: 'text/event-stream',
      body: '\ufeffretry: 3000\r\n\r\n' + sse(chunk('Add one '), chunk('script tag.', 'stop'), '[DONE]').replace(/data: /g, 'event: message\r\nid: 1\r\ndata: ').replace(/\n/g, '\r\n').replace(/\r\r/g, '\r'),
    },
    expect: { text: 'Add one script tag.', finish: 'stop', outcome: 'answer' },
  },
  {
    name: 'Cut off by a proxy\'s time limit (no [DONE])',
    backend: 'any (a serverless proxy)',
    protocol: 'openai',
    source: `${SOURCE}: the body ends after some chunks, without a finish_reason or [DONE] (a serverless function stopped at its time limit)`,
    response: { contentType: 'text/event-stream', body: sse(chunk('Add one script '), chunk('tag before')) },
    expect: { text: 'Add one script tag before', finish: 'incomplete', outcome: 'cut off' },
  },
  {
    name: 'No answer at all (a role chunk, then [DONE])',
    backend: 'any',
    protocol: 'openai',
    source: `${SOURCE}: a stream with no text (a model that returned nothing, a tool call the page cannot run); the old widget stored an empty answer`,
    response: { contentType: 'text/event-stream', body: sse({ ...chunk(''), choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }, chunk('', 'stop'), '[DONE]') },
    expect: { text: '', finish: 'stop', outcome: 'no answer' },
  },
];
