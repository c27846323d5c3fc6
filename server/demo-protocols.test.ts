/**
 * The demo's answers in each protocol, read by the widget's own answer source (the real readers):
 * what the developer panel's choices show is what the protocols produce.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAnswer } from './demo-answer.ts';
import { DEMO_PROTOCOLS } from './demo-protocols.ts';
import { startServer, testApp, type RunningServer } from './test-server.ts';
import { createAnswerSource } from '../src/chat/answer-source.ts';
import { collect, ctx, load } from '../src/chat/answer-source.harness.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(testApp().app);
});
afterAll(() => server.close());

const Q = 'How do I add a custom domain?';
const ask = (protocol: string, flags = '') =>
  collect(createAnswerSource({ url: `${server.url}/v1/demo/chat?protocol=${protocol}${flags}`, protocol: protocol as never }, load)({ ...ctx(), messages: [{ role: 'user', content: Q }] }));

describe('POST /v1/demo/chat: the demo answer in each protocol', () => {
  it.each(DEMO_PROTOCOLS)('%s: the FAQ answer, its sources as parts, and a reasoning phase when asked', async (protocol) => {
    const full = demoAnswer(Q, server.url);
    const got = await ask(protocol, '&reasoning=1');
    expect(got.text).toBe(full);
    expect(got.finishes).toEqual(['stop']);
    if (protocol == 'text') return;
    expect(got.reasoning).toMatch(/^Looking for "How do I add a custom domain\?" in the help centre\. Found \d+ matching guides?; writing the answer\.$/);
    expect(got.sources.length).toBeGreaterThan(0);
    expect(got.sources[0]).toMatchObject({ url: expect.stringMatching(new RegExp(`^${server.url}/help/`)), title: expect.any(String) });
    if (protocol != 'ai-sdk') expect(got.sources[0].breadcrumbs).toEqual(['Help centre', expect.any(String)]);
  });

  it.each(DEMO_PROTOCOLS)('%s: cut off half-way when asked', async (protocol) => {
    const got = await ask(protocol, '&cut=1');
    expect(got.text.length).toBeLessThan(demoAnswer(Q, server.url).length);
    expect(got.text.length).toBeGreaterThan(0);
    expect(got.finishes).toEqual([protocol == 'text' ? 'incomplete' : 'length']);
  });

  it('reads the question from the AI SDK\'s UIMessage parts too', async () => {
    const got = await ask('ai-sdk');
    expect(got.text).toBe(demoAnswer(Q, server.url));
  });
});
