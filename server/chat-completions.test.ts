import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, CHUNK_DELAY_MS } from './chat-completions.ts';
import { demoAnswer } from './demo-answer.ts';
import { startServer, testApp, type RunningServer } from './test-server.ts';

const LINK = /\[[^\]]+\]\(((?:https?|mailto):[^)\s]+)(?: "[^"]*")?\)/;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(testApp().app);
});
afterAll(() => server.close());

function ask(content: string, stream: boolean, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'demo', stream, messages: [{ role: 'system', content: 'be nice' }, { role: 'user', content }] }),
  });
}

interface Chunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: { index: number; delta: { content?: string; role?: string }; finish_reason: string | null }[];
}

describe('POST /v1/chat/completions', () => {
  it('answers without streaming as a chat.completion, from the help centre, with absolute links', async () => {
    const res = await ask('Do you set cookies? What about privacy?', false);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; model: string; choices: { message: { role: string; content: string }; finish_reason: string }[] };
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('demo');
    const content = body.choices[0]?.message.content ?? '';
    expect(body.choices[0]).toMatchObject({ message: { role: 'assistant' }, finish_reason: 'stop' });
    expect(content).toMatch(/cookie/i);
    expect(content.match(LINK)?.[1]).toMatch(new RegExp(`^${server.url}/docs/privacy#`));
  });

  it('streams SSE chunks, ending with finish_reason stop and [DONE]', async () => {
    const res = await ask('How do I install it with a script tag?', true, { Origin: 'http://page.test' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://page.test');
    const text = await res.text();

    const frames = text.split('\n\n').filter(Boolean);
    expect(frames.every((f) => f.startsWith('data: '))).toBe(true);
    expect(frames.at(-1)).toBe('data: [DONE]');
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.slice('data: '.length)) as Chunk);
    expect(chunks.length).toBeGreaterThan(5);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'demo')).toBe(true);
    expect(chunks.slice(0, -1).every((c) => c.choices[0]?.finish_reason === null)).toBe(true);
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ finish_reason: 'stop', delta: {} });

    const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(content).toContain('<script');
    expect(content).toMatch(LINK);
    expect(content).toBe(demoAnswer('How do I install it with a script tag?', server.url));
  });

  it('pauses between chunks, so streaming shows in the demo: one pause before each chunk after the first', async () => {
    // Counted, not timed: each pause notes how many frames had been sent when it began.
    let sent = 0;
    const pauses: [number, number][] = [];
    const res = chatCompletion({ messages: [{ role: 'user', content: 'How do I install it?' }], stream: true }, 'How do I install it?', 'http://x.test', async (ms) => void pauses.push([ms, sent]));
    const reader = res.body!.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      sent++;
    }
    expect(sent).toBeGreaterThan(5);
    expect(pauses.map(([ms]) => ms)).toEqual(Array(sent - 1).fill(CHUNK_DELAY_MS));
    expect(pauses.map(([, before]) => before)).toEqual(Array.from({ length: sent - 1 }, (_, i) => i + 1));
  });

  it('says it does not know (the widget then offers a person), and needs no key', async () => {
    const res = await ask('What is the weather like in Lisbon?', false);
    const content = ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? '';
    expect(content).toMatch(/^I don't know/);
    expect(content).toMatch(/A person from our support team can help/);
  });

  it('rejects a request without messages with 422 problem+json', async () => {
    const res = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ stream: true }) });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toMatch(/messages/);
  });
});
