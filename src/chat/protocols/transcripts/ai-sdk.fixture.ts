/**
 * The Vercel AI SDK's responses, produced by the `ai` package itself (a devDependency, 6.x: the
 * last line for Node 20): `streamText` over its MockLanguageModelV3, answered with
 * `toUIMessageStreamResponse()` (the UI message stream) or `toTextStreamResponse()` (plain text),
 * the bytes a Next.js route built with it sends. The AI SDK rows also check that our request body
 * is one the route's `convertToModelMessages` (and `validateUIMessages`) accepts.
 */
import { convertToModelMessages, simulateReadableStream, streamText, validateUIMessages } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import type { Transcript } from './transcript.fixture.ts';

const INSTALL = 'Add one script tag before the closing body tag.';
const usage = { inputTokens: { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 9, text: 9, reasoning: 0 } };
type Part = Record<string, unknown>;

function model(parts: Part[]) {
  return new MockLanguageModelV3({ doStream: async () => ({ stream: simulateReadableStream({ chunks: [{ type: 'stream-start', warnings: [] }, ...parts] as never[] }) }) });
}
const answer: Part[] = [
  { type: 'reasoning-start', id: 'r1' },
  { type: 'reasoning-delta', id: 'r1', delta: 'The install page has it.' },
  { type: 'reasoning-end', id: 'r1' },
  { type: 'source', sourceType: 'url', id: 's1', url: 'https://docs.example.com/install', title: 'Install with a script tag' },
  // A document has no URL of its own: no card.
  { type: 'source', sourceType: 'document', id: 'doc-7', mediaType: 'text/markdown', title: 'Internal runbook' },
  { type: 'text-start', id: 't1' },
  ...INSTALL.match(/\S+\s*/g)!.map((delta) => ({ type: 'text-delta', id: 't1', delta })),
  { type: 'text-end', id: 't1' },
  { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
];

/** The request a route built with the AI SDK accepts: `validateUIMessages` and `convertToModelMessages` of its messages. */
async function acceptedByTheAiSdk(body: Record<string, any>): Promise<void> {
  const messages = await validateUIMessages({ messages: body.messages });
  const model = await convertToModelMessages(messages);
  if (model.length !== body.messages.length || typeof body.id != 'string' || body.trigger !== 'submit-message') throw new Error('not what useChat sends');
}

const SOURCE = 'produced by ai 6.x (streamText over MockLanguageModelV3)';

export async function aiSdkTranscripts(): Promise<Transcript[]> {
  const ui = await streamText({ model: model(answer), prompt: 'q' }).toUIMessageStreamResponse({ sendReasoning: true, sendSources: true });
  const headers = Object.fromEntries(ui.headers);
  const body = await ui.text();
  const failed = streamText({ model: model([{ type: 'error', error: new Error('The model is overloaded, try again later') }]), prompt: 'q', onError: () => {} });
  const error = await failed.toUIMessageStreamResponse({ onError: (e) => (e as Error).message }).text();
  const text = await streamText({ model: model(answer), prompt: 'q' }).toTextStreamResponse().text();
  const full = { text: INSTALL, reasoning: 'The install page has it.', sources: [{ url: 'https://docs.example.com/install', title: 'Install with a script tag' }], finish: 'stop' as const, outcome: 'answer' as const };
  return [
    {
      name: 'AI SDK route, UI message stream',
      backend: 'Vercel AI SDK',
      protocol: 'ai-sdk',
      source: `${SOURCE}, toUIMessageStreamResponse({ sendReasoning, sendSources })`,
      response: { contentType: headers['content-type']!, headers, body },
      expect: full,
      request: acceptedByTheAiSdk,
    },
    {
      name: 'AI SDK route, recognised by its header',
      backend: 'Vercel AI SDK',
      protocol: 'openai',
      source: `${SOURCE}; chat.protocol left at openai: the x-vercel-ai-ui-message-stream: v1 header decides`,
      response: { contentType: headers['content-type']!, headers, body },
      expect: full,
    },
    {
      name: 'AI SDK route, an error',
      backend: 'Vercel AI SDK',
      protocol: 'ai-sdk',
      source: `${SOURCE}, the model failing; onError passes its message on as errorText`,
      response: { contentType: headers['content-type']!, headers, body: error },
      expect: { text: '', finish: 'error', error: { permanent: false }, outcome: 'transient failure' },
    },
    {
      name: 'AI SDK route, cut off before its finish',
      backend: 'Vercel AI SDK',
      protocol: 'ai-sdk',
      source: `${SOURCE}, the body cut after the last text delta (a function's time limit)`,
      response: { contentType: headers['content-type']!, headers, body: body.slice(0, body.indexOf('data: {"type":"text-end"')) },
      expect: { ...full, finish: 'incomplete', outcome: 'cut off' },
    },
    {
      name: 'AI SDK route, text stream',
      backend: 'Vercel AI SDK',
      protocol: 'text',
      source: `${SOURCE}, toTextStreamResponse()`,
      response: { contentType: 'text/plain; charset=utf-8', body: text },
      expect: { text: INSTALL, finish: 'stop', outcome: 'answer' },
    },
  ];
}
