/**
 * Every route the collector mounts, fuzzed (issues 15 and 24): the routes are read from the app's
 * own route table (`app.routes`), so a route added later is fuzzed without anyone adding it here.
 * 2,000 random and adversarial requests (methods, paths and parameters, keys of two projects and
 * none, origins, host names, bodies of any shape, size and depth) must never get a 5xx, must
 * answer errors as problem+json, must never show one project's data to another project's key (or
 * to no key), and the server must still serve normal requests afterwards.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from './body.ts';
import { testApp } from './test-server.ts';

type App = ReturnType<typeof testApp>['app'];
const root = resolve(import.meta.dirname, '..');
const CASES = 2000;

/** A secret per project, in every kind of document, and ids to aim at. */
function seed(app: App) {
  const secrets = { default: `secret-default-${randomUUID()}`, shop: `secret-shop-${randomUUID()}` };
  const ids: string[] = [];
  const tickets: string[] = [];
  const send = async (path: string, key: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect(res.status, `seed ${path}`).toBeLessThan(300);
    return (await res.json()) as { id: string };
  };
  return async () => {
    for (const [project, key] of [['default', 'good-key'], ['shop', 'shop-key']] as const) {
      const secret = secrets[project];
      const id = `conv-${project}`;
      ids.push(id);
      await send('/conversations', key, { id, type: 'support_copilot', messages: [{ id: `${id}-m1`, role: 'user', content: secret }], properties: { secret } });
      await send('/feedback', key, { id: `fb-${project}`, type: 'negative', messageId: `${id}-m1`, details: secret });
      await send('/events', key, { type: 'x', entityType: 'conversation', conversationId: id, properties: { secret } });
      const ticket = { name: secret, email: `${project}@example.com`, description: secret, conversationId: id, transcript: secret };
      tickets.push((await send('/tickets', key, ticket, { 'Idempotency-Key': `seed-${randomUUID()}` })).id);
    }
    return { secrets, ids, tickets };
  };
}

/** Which project's data a key may see: null for none. */
const PROJECT: Record<string, 'default' | 'shop' | null> = {
  'Bearer good-key': 'default',
  'Bearer read-key': 'default',
  'Bearer test-fuzz': 'default',
  'Bearer shop-key': 'shop',
  'Bearer shop-read': 'shop',
};
const AUTH = [...Object.keys(PROJECT), 'Bearer test-revoked', 'Bearer nope', 'Basic Zm9vOmJhcg==', 'Bearer', `Bearer ${'k'.repeat(500)}`, ''];

const segment = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('..', '%2e%2e', '%2F', 'a%2fb', '%00', '%ff', '%', '%%', '.', 'x'.repeat(5000), 'T-0000000000AB', '%E2%80%AE', 'index.html', 'docs/api', 'help/backups'),
);
const tail = fc.oneof(segment, fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')), fc.constantFrom('', 'log', 'faults', 'reset', 'api', '../package.json', 'support-copilot.js'));
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?limit=2', '?limit=-1', '?limit=1e99', '?limit=abc', '?since=x', '?key=', `?key=${'k'.repeat(3000)}`, '?method=POST&path=/conversations', '?dev=1'),
  fc.string({ maxLength: 30 }).map((s) => `?${encodeURIComponent(s)}=${encodeURIComponent(s)}`),
);

const deep = (n: number) => `{"type":"support_copilot","messages":[],"properties":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`;
const body = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)), weight: 2 },
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: MAX_JSON_DEPTH - 2, max: 20_000 }).chain((n) => fc.constantFrom(deep(n), '['.repeat(n) + ']'.repeat(n), '['.repeat(n))),
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '\ufeff{}',
      '{"__proto__":{"polluted":true},"type":"support_copilot","messages":[]}',
      '{"type":"support_copilot","messages":[{"role":"user","content":"hello"}]}',
      '{"type":"positive","messageId":"m"}',
      '{"type":"x","entityType":"message","messageId":"m"}',
      '{"messages":[{"role":"user","content":"How do I restore a backup?"}]}',
      '{"messages":[{"role":"user","content":"How do I restore a backup?"}],"stream":true}',
      `{"messages":[{"role":"user","content":"${'a'.repeat(1024 * 1024)}"}]}`,
      `{"messages":[{"role":"user","content":"${'abcdefghijkl'.repeat(1000)}"}]}`,
      '{"name":"Eve","email":"eve@example.com","description":"hi","conversationId":"conv-shop"}',
      `{"email":"eve@example.com","description":"x","conversationId":"c","page":${deep(MAX_JSON_DEPTH - 3)}}`,
      '{"status":404,"path":"/nowhere","count":1}',
      '{"mode":"hang"}',
      '1e999',
      'null',
      'x'.repeat(2 * 1024 * 1024 + 1),
    ),
  },
);

const request = fc.record({
  // Mostly the route's own method (the handler's code), else anything.
  method: fc.constantFrom('route', 'route', 'route', 'route', 'route', 'route', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
  param: fc.oneof(fc.constantFrom('seeded-conversation', 'seeded-ticket'), segment),
  tail,
  query,
  body,
  authorization: fc.constantFrom(...AUTH),
  host: fc.constantFrom('127.0.0.1:8787', 'localhost', '[::1]:8787', 'evil.example', 'evil.example:8787', '127.0.0.1.evil.example'),
  origin: fc.constantFrom(undefined, 'https://evil.example', 'http://127.0.0.1:8787', 'null'),
  site: fc.constantFrom(undefined, 'same-origin', 'cross-site', 'none'),
  contentType: fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/json; charset=latin1'),
  accept: fc.constantFrom(undefined, 'text/html', 'application/json', '*/*'),
  idempotencyKey: fc.constantFrom(undefined, 'k', 'fuzz-key', 'k'.repeat(300)),
  preflightMethod: fc.constantFrom(undefined, 'POST', 'GET', 'DELETE'),
});

describe('fuzz: every route in the route table', () => {
  it(`never answers 5xx, never crosses projects, keeps serving (${CASES.toLocaleString('en')} cases)`, async () => {
    const apps = [testApp({ staticRoot: root, admin: true }).app, testApp({ staticRoot: root, admin: false }).app];
    const targets = apps.flatMap((app) => [...new Map(app.routes.map((r) => [`${r.method} ${r.path}`, { app, method: r.method, path: r.path }])).values()]);
    // The table is the app's own: a sanity check that it is read, not a list to keep up to date.
    const names = new Set(targets.map((t) => `${t.method} ${t.path}`));
    for (const known of ['POST /conversations', 'GET /tickets/:id', 'POST /tickets', 'GET /__admin/log', 'ALL /__admin/*', 'POST /v1/chat/completions', 'GET /*']) expect(names).toContain(known);
    const seeds = new Map<App, Awaited<ReturnType<ReturnType<typeof seed>>>>();
    const reseed = async (app: App) => seeds.set(app, await seed(app)());
    for (const app of apps) await reseed(app);
    const hits = new Map<string, number>();
    let n = 0;

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // Round-robin over the table, so every route gets its share whatever the random draw.
        const target = targets[n++ % targets.length]!;
        const { app } = target;
        const seeded = seeds.get(app)!;
        const param = r.param === 'seeded-conversation' ? seeded.ids[n % 2]! : r.param === 'seeded-ticket' ? seeded.tickets[n % 2]! : r.param;
        const path = target.path.replace(/:[a-z]+/gi, param).replace(/\*$/, r.tail);
        const method = r.method === 'route' ? (target.method === 'ALL' ? 'POST' : target.method) : r.method;
        hits.set(`${target.method} ${target.path}`, (hits.get(`${target.method} ${target.path}`) ?? 0) + 1);
        const headers: Record<string, string> = {};
        if (r.authorization) headers.Authorization = r.authorization;
        if (r.origin) headers.Origin = r.origin;
        if (r.site) headers['Sec-Fetch-Site'] = r.site;
        if (r.contentType) headers['Content-Type'] = r.contentType;
        if (r.accept) headers.Accept = r.accept;
        if (r.idempotencyKey) headers['Idempotency-Key'] = r.idempotencyKey;
        if (method === 'OPTIONS' && r.preflightMethod) headers['Access-Control-Request-Method'] = r.preflightMethod;
        const bodiless = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
        const url = `http://${r.host}${path.startsWith('/') ? path : `/${path}`}${r.query}`;
        const res = await app.request(url, { method, headers, ...(bodiless ? {} : { body: r.body }) });
        const what = `${method} ${url.slice(0, 160)} ${r.authorization.slice(0, 30)} ${r.body.slice(0, 80)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
        else {
          const text = method === 'HEAD' ? '' : await res.text();
          if (res.status >= 400 && method !== 'HEAD') {
            expect(res.headers.get('content-type'), what).toBe('application/problem+json');
            expect((JSON.parse(text) as { status: number }).status).toBe(res.status);
          }
          // One project's data never reaches another project's key, nor a request without a key.
          const project = PROJECT[r.authorization] ?? null;
          for (const [owner, secret] of Object.entries(seeded.secrets)) if (owner !== project) expect(text, what).not.toContain(secret);
        }
        // Admin side effects the fuzz itself caused: undo them so later cases see a plain server.
        if (path.startsWith('/__admin/faults') && res.status === 201) await app.request('http://127.0.0.1/__admin/faults', { method: 'DELETE' });
        if (path.startsWith('/__admin/reset') && res.status === 204) await reseed(app);
      }),
      { numRuns: CASES },
    );

    expect(n).toBeGreaterThanOrEqual(CASES);
    for (const target of targets) expect(hits.get(`${target.method} ${target.path}`), `${target.method} ${target.path}`).toBeGreaterThanOrEqual(Math.floor(CASES / targets.length));
    // Still serving, every project still reading its own data, and nothing leaked into other objects.
    for (const app of apps) {
      const { secrets } = seeds.get(app)!;
      const ok = await app.request('/conversations', { method: 'POST', headers: { Authorization: 'Bearer good-key' }, body: '{"type":"support_copilot","messages":[]}' });
      expect(ok.status).toBe(200);
      const mine = await app.request('/conversations/conv-default', { headers: { Authorization: 'Bearer read-key' } });
      expect(await mine.text()).toContain(secrets.default);
      const theirs = await app.request('/tickets', { headers: { Authorization: 'Bearer shop-read' } });
      expect(await theirs.text()).toContain(secrets.shop);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);
});
