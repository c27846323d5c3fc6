/**
 * Hostile bodies (issue 15): anything malformed gets 400/413/422 as problem+json, never a 5xx,
 * and the server keeps serving (fuzzed on every route in server/route-fuzz.test.ts). Nesting is
 * limited before parsing, so a body 100,000 levels deep never reaches code that recurses (it used
 * to overflow the stack in JSON.stringify: a 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepth, MAX_BODY_BYTES, MAX_JSON_DEPTH } from './body.ts';
import { startServer, testApp, type RunningServer } from './test-server.ts';

const deepIn = (levels: number) => `{"type":"support_copilot","messages":[],"properties":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;

describe('nesting depth', () => {
  it('is counted on the text, outside strings, without recursion', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('"{{{{[[["')).toBe(0);
    expect(jsonDepth('{"a":"\\"{{{"}')).toBe(1);
    expect(jsonDepth('['.repeat(1_000_000), 64)).toBe(65);
  });
});

describe('a body nested 100,000 levels deep inside properties', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(testApp().app);
  });
  afterAll(() => server.close());

  it('gets a 400 problem, and the next request is served', async () => {
    const headers = { Authorization: 'Bearer good-key', 'Content-Type': 'application/json' };
    const res = await fetch(`${server.url}/conversations`, { method: 'POST', headers, body: deepIn(100_000) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { detail: string }).detail).toBe(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    // Right at the limit it is an ordinary body.
    const atLimit = await fetch(`${server.url}/conversations`, { method: 'POST', headers, body: deepIn(MAX_JSON_DEPTH - 1) });
    expect(atLimit.status).toBe(200);
    const next = await fetch(`${server.url}/conversations`, { method: 'POST', headers, body: JSON.stringify({ type: 'support_copilot', messages: [] }) });
    expect(next.status).toBe(200);
  });
});

// The fuzz of every route (random and adversarial bodies among the rest) is server/route-fuzz.test.ts.
describe('an oversized body', () => {
  const { app } = testApp();

  it('answers an oversized body with 413 before reading it whole', async () => {
    const res = await app.request('/conversations', {
      method: 'POST',
      headers: { Authorization: 'Bearer good-key', 'Content-Length': String(MAX_BODY_BYTES + 1) },
      body: '{}',
    });
    expect(res.status).toBe(413);
  });
});
