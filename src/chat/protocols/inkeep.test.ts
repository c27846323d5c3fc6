/**
 * The inkeep protocol's request, and Inkeep's challenge solved as Inkeep's widget solves it: the
 * challenge is made, and the solution checked, by altcha-lib 1.x (the library Inkeep's widget
 * package depends on for it; Inkeep's servers check the header with its verifySolution).
 */
import { describe, expect, it } from 'vitest';
import { createChallenge, verifySolution } from 'altcha-lib';
import type { ChatEndpointConfig } from '../../widget-core/widget-types.ts';
import { ctx } from '../answer-source.harness.ts';
import { inkeepChallenge } from './inkeep-challenge.ts';
import { protocol } from './inkeep.ts';

const HMAC = 'test-hmac-key';
const API = 'https://api.inkeep.com/v1/chat/completions';

describe('inkeep: the request', () => {
  const request = (config: Partial<ChatEndpointConfig>, extra = {}, fetchImpl: typeof fetch = async () => new Response('', { status: 404 })) =>
    protocol.request!(ctx(), { url: API, ...config }, extra, fetchImpl);

  it('asks inkeep-qa-expert, offering the provideLinks tool (tool_choice auto), unless chat.model names another model', async () => {
    const { body } = await request({});
    expect(body).toMatchObject({ model: 'inkeep-qa-expert', stream: true, tool_choice: 'auto', messages: [{ role: 'user', content: 'How do I install it?' }] });
    expect((body.tools as { function: { name: string; parameters: { properties: object } } }[]).map((t) => t.function.name)).toEqual(['provideLinks']);
    expect(Object.keys((body.tools as { function: { parameters: { properties: { links: { items: { properties: object } } } } } }[])[0]!.function.parameters.properties.links.items.properties)).toEqual(['label', 'url', 'title', 'description', 'type', 'breadcrumbs']);
    expect((await request({ model: 'inkeep-qa-sonnet-4' })).body.model).toBe('inkeep-qa-sonnet-4');
  });

  it('adds chat.body.tools to provideLinks, and merges the rest of chat.body', async () => {
    const mine = { type: 'function', function: { name: 'provideAnswerConfidence', parameters: {} } };
    const { body } = await request({}, { tools: [mine], temperature: 0 });
    expect((body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual(['provideLinks', 'provideAnswerConfidence']);
    expect(body.temperature).toBe(0);
  });

  it('solves the challenge only with a public key in the page (chat.apiKey): a proxy holds its own key', async () => {
    const asked: string[] = [];
    const fetchImpl = async (u: RequestInfo | URL) => (asked.push(String(u)), Response.json(await createChallenge({ hmacKey: HMAC, maxNumber: 100, number: 42 })));
    expect((await request({ apiKey: 'public-web-key' }, {}, fetchImpl)).headers).toHaveProperty('X-INKEEP-CHALLENGE-SOLUTION');
    expect(asked).toEqual(['https://api.inkeep.com/v1/challenge']);
    expect((await request({ url: '/api/inkeep' }, {}, fetchImpl)).headers).toEqual({});
    expect(asked).toHaveLength(1);
  });
});

describe('inkeep: the challenge', () => {
  it('finds the number, and sends a solution altcha-lib\'s verifySolution accepts', async () => {
    for (const number of [0, 7, 1234]) {
      const challenge = await createChallenge({ hmacKey: HMAC, maxNumber: 2000, number });
      const headers = await inkeepChallenge(API, async () => Response.json(challenge), new AbortController().signal);
      const header = headers['X-INKEEP-CHALLENGE-SOLUTION']!;
      expect(JSON.parse(atob(header))).toEqual({ number, ...challenge });
      expect(await verifySolution(header, HMAC)).toBe(true);
    }
  });

  it('goes without it when the challenge cannot be had or solved (as Inkeep\'s widget does)', async () => {
    const signal = new AbortController().signal;
    expect(await inkeepChallenge(API, async () => new Response('nope', { status: 500 }), signal)).toEqual({});
    expect(await inkeepChallenge(API, async () => new Response('not json'), signal)).toEqual({});
    expect(await inkeepChallenge(API, async () => { throw new TypeError('Failed to fetch'); }, signal)).toEqual({});
    const unsolvable = { ...(await createChallenge({ hmacKey: HMAC, maxNumber: 50, number: 10 })), challenge: 'f'.repeat(64) };
    expect(await inkeepChallenge(API, async () => Response.json(unsolvable), signal)).toEqual({});
  });

  it('stops searching when the answer is aborted', async () => {
    const ac = new AbortController();
    const challenge = { ...(await createChallenge({ hmacKey: HMAC, maxNumber: 1e6, number: 999_999 })) };
    const solving = inkeepChallenge(API, async () => Response.json(challenge), ac.signal);
    setTimeout(() => ac.abort(new Error('stopped')), 20);
    await expect(solving).rejects.toThrow('stopped');
  });
});
