/**
 * Hostile bodies (issue 15): anything malformed gets 400/413/422 as problem+json, never a 5xx,
 * and the server keeps serving. Nesting is limited before parsing, so a body 100,000 levels deep
 * never reaches code that recurses (it used to overflow the stack in JSON.stringify: a 500).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDepth, MAX_BODY_BYTES, MAX_JSON_DEPTH } from './body.ts';
import { startServer, testApp, type RunningServer } from './test-server.ts';

const PATHS = ['/conversations', '/feedback', '/events', '/conversations/x', '/v1/chat/completions', '/__admin/faults'];
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

describe('fuzz: random and adversarial bodies', () => {
  const { app } = testApp();

  /** Texts a hostile client might send: valid JSON of any shape, broken JSON, deep nesting, odd bytes. */
  const adversarial = fc.oneof(
    fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
    fc.anything({ maxDepth: 4, withBoxedValues: true, withNullPrototype: true, withObjectString: true }).map((v) => {
      try {
        return JSON.stringify(v) ?? 'undefined';
      } catch {
        return String(v);
      }
    }),
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(deepIn(100_000), '['.repeat(100_000) + ']'.repeat(100_000)),
    fc.integer({ min: MAX_JSON_DEPTH - 2, max: 20_000 }).chain((n) =>
      fc.constantFrom(deepIn(n), '['.repeat(n) + ']'.repeat(n), '['.repeat(n), `{"type":"support_copilot","messages":[${'['.repeat(n)}]}`),
    ),
    fc.constantFrom(
      '',
      '\u0000',
      '\ufeff{}',
      '{"__proto__":{"polluted":true},"type":"support_copilot","messages":[]}',
      '{"constructor":{"prototype":{"x":1}},"type":"positive","messageId":"m"}',
      '{"type":"support_copilot","messages":[{"role":"user","content":"\\ud800"}]}',
      '{"type":"support_copilot","messages":"not a list"}',
      '{"type":"support_copilot","messages":[],"createdAt":"9999-99-99T99:99:99Z"}',
      '{"type":"openai","messages":[{"role":"user","content":[{"type":"image_url"}]}]}',
      '{"type":"negative","messageId":"m","reasons":[{"label":"x"}]}',
      '{"entityType":"search","type":"x"}',
      '1e999',
      '-0',
      '[]',
      'null',
      '{"a":1,"a":2}',
      `{"type":"support_copilot","messages":[${Array.from({ length: 2000 }, () => '{"role":"user"}').join(',')}]}`,
      '{"messages":[{"role":"user","userProperties":{"id":1e400}}],"type":"support_copilot"}',
    ),
  );
  const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', '', 'application/json; charset=latin1');
  const auth = fc.constantFrom('Bearer good-key', 'Bearer read-key', 'Bearer shop-key', 'Bearer test-revoked', 'Basic x', '', 'Bearer ' + 'k'.repeat(500));
  const method = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'OPTIONS');

  it('never answers 5xx and keeps serving (2,000 cases)', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), method, adversarial, contentType, auth, async (path, verb, body, type, authorization) => {
        cases++;
        const headers: Record<string, string> = {};
        if (type) headers['Content-Type'] = type;
        if (authorization) headers.Authorization = authorization;
        const res = await app.request(path, { method: verb, headers, ...(verb === 'GET' || verb === 'OPTIONS' ? {} : { body }) });
        expect(res.status, `${verb} ${path} ${body.slice(0, 120)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(((await res.json()) as { status: number }).status).toBe(res.status);
        } else await res.arrayBuffer();
      }),
      { numRuns: 2000 },
    );
    expect(cases).toBeGreaterThanOrEqual(2000);
    // Still serving, and nothing leaked into other objects.
    const ok = await app.request('/conversations', { method: 'POST', headers: { Authorization: 'Bearer good-key' }, body: '{"type":"support_copilot","messages":[]}' });
    expect(ok.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers an oversized body with 413 before reading it whole', async () => {
    const res = await app.request('/conversations', {
      method: 'POST',
      headers: { Authorization: 'Bearer good-key', 'Content-Length': String(MAX_BODY_BYTES + 1) },
      body: '{}',
    });
    expect(res.status).toBe(413);
  });
});
