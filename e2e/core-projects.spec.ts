/**
 * Two projects on one origin (issue 20 item 5): storage, locks and delivery are partitioned by API
 * key and analytics URL, so two loggers or widgets of different projects, on one page or on two
 * pages of one site, never read, deliver or show each other's data. Project B's keys belong to
 * another tenant of the collector (`test-tenant-b-*`, playwright.config.ts): a conversation sent
 * with the wrong key would land in the wrong tenant.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { test, expect, namesFor, READ_AUTH, routeBlank } from './fixtures.ts';
import { logFor } from './core-helpers.ts';

const READ_B = { Authorization: 'Bearer api-tenant-b' };

declare global {
  interface Window {
    __p: Record<string, import('../src/headless.ts').ConversationLogger>;
  }
}

/** A logger for `key` in the page, as `window.__p[name]`. */
async function logger(page: Page, name: string, key: string, analyticsUrl: string): Promise<void> {
  await page.evaluate(
    async ({ name, key, analyticsUrl }) => {
      const { createConversationLogger }: typeof import('../src/headless.ts') = await import(`${'/__test/core.js'}`);
      window.__p ??= {};
      window.__p[name] = createConversationLogger({ apiKey: key, analyticsUrl, flushDelayMs: 20 });
      await window.__p[name].ready();
    },
    { name, key, analyticsUrl },
  );
}

const say = (page: Page, name: string, contents: string[]) =>
  page.evaluate(
    async ({ name, contents }) => {
      const c = window.__p[name]!.conversation({});
      for (const content of contents) await c.append({ role: 'user', content });
      await window.__p[name]!.flush();
      return c.id;
    },
    { name, contents },
  );

const listed = (page: Page, name: string) => page.evaluate(async (name) => (await window.__p[name]!.conversations()).map((c) => c.id), name);

/** Where each conversation went: the conversation ids each key POSTed, and which tenant holds each. */
async function deliveries(request: APIRequestContext, keyA: string, keyB: string, a: string, b: string) {
  const sent = async (key: string) => [...new Set((await logFor(request, key)).map((e) => e.conversationId))].sort();
  const held = async (id: string, headers: Record<string, string>) => (await request.get(`/conversations/${id}`, { headers })).status();
  return {
    byA: await sent(keyA),
    byB: await sent(keyB),
    a: [await held(a, READ_AUTH), await held(a, READ_B)],
    b: [await held(b, READ_AUTH), await held(b, READ_B)],
  };
}

test('two loggers of two projects on one page: each conversation is sent only with its own key, to its own tenant, and listed only by its own logger', async ({ blank, apiKey, baseURL, request }) => {
  const keyB = `test-tenant-b-${randomUUID()}`;
  await logger(blank, 'a', apiKey, baseURL!);
  await logger(blank, 'b', keyB, baseURL!);
  const a = await say(blank, 'a', ['project A, 1', 'project A, 2']);
  const b = await say(blank, 'b', ['project B, 1']);
  // Both loggers flushed twice over (a flush sends what is due everywhere it can see).
  await blank.evaluate(() => Promise.all([window.__p.a!.flush(), window.__p.b!.flush()]));
  expect(await deliveries(request, apiKey, keyB, a, b)).toEqual({ byA: [a], byB: [b], a: [200, 404], b: [404, 200] });
  expect(await listed(blank, 'a')).toEqual([a]);
  expect(await listed(blank, 'b')).toEqual([b]);
  const dbs = await blank.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort());
  expect(dbs).toEqual([namesFor(apiKey, baseURL!).db, namesFor(keyB, baseURL!).db].sort());
});

test('two pages of one site, one project each (the same key with another analytics URL is another project too): nothing crosses', async ({ blank, context, apiKey, baseURL, request }) => {
  const keyB = `test-tenant-b-${randomUUID()}`;
  const other = await context.newPage();
  await routeBlank(other);
  await other.goto(blank.url());
  await logger(blank, 'a', apiKey, baseURL!);
  await logger(other, 'b', keyB, baseURL!);
  // Project A's key with an analytics URL that does not answer: its own partition, which B never sends either.
  await logger(other, 'a-elsewhere', apiKey, 'http://127.0.0.1:9/');
  const a = await say(blank, 'a', ['page 1, project A']);
  const b = await say(other, 'b', ['page 2, project B']);
  const stranded = await other.evaluate(async () => {
    const c = window.__p['a-elsewhere']!.conversation({});
    await c.append({ role: 'user', content: 'project A, other URL' });
    return c.id;
  });
  // Each page's flush, and the other tab's signal, run delivery everywhere.
  await Promise.all([blank.evaluate(() => window.__p.a!.flush()), other.evaluate(() => window.__p.b!.flush())]);
  expect(await deliveries(request, apiKey, keyB, a, b)).toEqual({ byA: [a], byB: [b], a: [200, 404], b: [404, 200] });
  expect((await request.get(`/conversations/${stranded}`, { headers: READ_AUTH })).status()).toBe(404);
  expect(await listed(blank, 'a')).toEqual([a]);
  expect(await listed(other, 'b')).toEqual([b]);
  expect(await listed(other, 'a-elsewhere')).toEqual([stranded]);
});

test('two widgets of two projects on one page: each logs, delivers and lists only its own conversations, and each continues its own after a reload', async ({ blank, apiKey, baseURL, request }) => {
  const keyB = `test-tenant-b-${randomUUID()}`;
  const make = () =>
    blank.evaluate(
      async ({ keys, baseURL }) => {
        const { createSupportCopilot }: typeof import('../src/index.ts') = await import(`${'/__test/index.js'}`);
        const w = window as unknown as { __w: ReturnType<typeof createSupportCopilot>[] };
        w.__w = keys.map((apiKey, i) => createSupportCopilot({ apiKey, analyticsUrl: baseURL, flushDelayMs: 20, position: i ? 'left' : 'right' }));
        await Promise.all(w.__w.map((x) => x.logger.ready()));
      },
      { keys: [apiKey, keyB], baseURL: baseURL! },
    );
  const widgets = <T,>(fn: (w: import('../src/index.ts').SupportCopilot, i: number) => Promise<T> | T) =>
    blank.evaluate((src) => Promise.all((window as unknown as { __w: import('../src/index.ts').SupportCopilot[] }).__w.map((w, i) => new Function('w', 'i', `return (${src})(w, i)`)(w, i))), String(fn)) as Promise<T[]>;
  await make();
  const [a, b] = await widgets((w) => w.currentConversation());
  expect(a).not.toBe(b);
  await widgets(async (w, i) => {
    await w.logMessage({ role: 'user', content: `widget ${i}` });
    await w.flush();
  });
  expect(await deliveries(request, apiKey, keyB, a!, b!)).toEqual({ byA: [a], byB: [b], a: [200, 404], b: [404, 200] });
  expect(await widgets(async (w) => (await w.logger.conversations()).map((c) => c.id))).toEqual([[a], [b]]);
  await blank.reload();
  await make();
  expect(await widgets((w) => w.currentConversation())).toEqual([a, b]);
});

/** Writes `entries` into `store` of database `name` at `version`, creating `stores` (raw IndexedDB: what an older widget left). */
async function seed(page: Page, name: string, version: number, stores: string[], store: string, entries: [string, unknown][]): Promise<void> {
  await page.evaluate(
    ({ name, version, stores, store, entries }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(name, version);
        req.onupgradeneeded = () => stores.forEach((n) => req.result.objectStoreNames.contains(n) || req.result.createObjectStore(n));
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const t = req.result.transaction(store, 'readwrite');
          for (const [k, v] of entries) t.objectStore(store).put(v, k);
          t.oncomplete = () => (req.result.close(), resolve());
          t.onerror = () => reject(t.error);
        };
      }),
    { name, version, stores, store, entries },
  );
}

const readStore = (page: Page, name: string, store: string) =>
  page.evaluate(
    ({ name, store }) =>
      new Promise<[string, unknown][]>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => {
          const t = req.result.transaction(store, 'readonly');
          const keys = t.objectStore(store).getAllKeys();
          const values = t.objectStore(store).getAll();
          t.oncomplete = () => (req.result.close(), resolve((keys.result as string[]).map((k, i) => [k, values.result[i]])));
        };
        req.onerror = () => reject(req.error);
      }),
    { name, store },
  );

/** The visitor an older widget knew (its cookie, reused: core/identity-rules.ts). */
const VISITOR = 'legacy-visitor';

function legacyConversation(id: string, rev: number, n: number) {
  const iso = new Date().toISOString();
  const messages = Array.from({ length: n }, (_, i) => ({ id: `${id}-m${i}`, role: i % 2 ? 'assistant' : 'user', content: `stored before partitioning, ${i}`, createdAt: iso, updatedAt: iso }));
  return { v: 1, kind: 'conversation', id, body: { id, type: 'support_copilot', createdAt: iso, updatedAt: iso, userProperties: { id: VISITOR } }, messages, rev, ackedRev: 0, attempts: 0, nextAttemptAt: 0, state: 'pending', lastError: null, touchedAt: Date.now() };
}

test('data stored under the unpartitioned names moves, once, into the first project that starts: delivered with its key, the widget continues the conversation, the old names are gone, a second project gets nothing', async ({ blank, apiKey, baseURL, request, collector }) => {
  const keyB = `test-tenant-b-${randomUUID()}`;
  const id = `legacy-${randomUUID()}`;
  const submission = { v: 1, id: 'sub-legacy', request: { submissionId: 'sub-legacy', name: 'Ada', email: 'ada@example.com', description: 'left before partitioning', conversationId: id, transcript: null, page: null, userProperties: {}, createdAt: new Date().toISOString() }, state: 'pending', attempts: 0, nextAttemptAt: 0, lastError: null, ticket: null, linked: false, touchedAt: Date.now() };
  await seed(blank, 'support-copilot:v1', 2, ['outbox', 'quarantine', 'pending'], 'outbox', [[`conversation:${id}`, legacyConversation(id, 2, 2)]]);
  await seed(blank, 'support-copilot:v1', 2, ['outbox', 'quarantine', 'pending'], 'pending', [[`conversation:${id}`, 1]]);
  await seed(blank, 'support-copilot:v1', 2, ['outbox', 'quarantine', 'pending'], 'quarantine', [['conversation:damaged', { raw: 'x', reason: 'test', at: 1 }]]);
  await seed(blank, 'support-copilot:v1:tickets', 1, ['submissions'], 'submissions', [['sub-legacy', submission]]);
  await blank.evaluate(({ id, visitor }) => {
    document.cookie = `inkeepUsagePreferences_userId=${visitor}; Path=/`;
    localStorage.setItem('support-copilot:v1:conversation', id);
    localStorage.setItem('support-copilot:v1:hidden-conversations', '["gone-1"]');
    localStorage.setItem('support-copilot:v1:tickets-pending', '1');
  }, { id, visitor: VISITOR });

  const widget = await blank.evaluate(
    async ({ apiKey, baseURL }) => {
      const { createSupportCopilot }: typeof import('../src/index.ts') = await import(`${'/__test/index.js'}`);
      const w = createSupportCopilot({ apiKey, analyticsUrl: baseURL, flushDelayMs: 20 });
      await w.logger.ready();
      await w.flush();
      return { current: w.currentConversation(), listed: (await w.logger.conversations()).map((c) => c.id) };
    },
    { apiKey, baseURL: baseURL! },
  );
  expect(widget).toEqual({ current: id, listed: [id] });
  expect((await collector.conversation(id))?.messages.map((m) => m.id)).toEqual([`${id}-m0`, `${id}-m1`]);
  expect([...new Set((await logFor(request, apiKey)).map((e) => e.conversationId))]).toEqual([id]);

  const names = namesFor(apiKey, baseURL!);
  const after = await blank.evaluate(async () => ({
    dbs: (await indexedDB.databases()).map((d) => d.name).sort(),
    keys: Object.keys(localStorage).filter((k) => k.startsWith('support-copilot')).sort(),
  }));
  expect(after.dbs).toEqual([names.db, names.tickets].sort());
  expect(after.keys).toEqual([names.conversation, names.hidden, names.ticketsPending].sort());
  expect(await readStore(blank, names.tickets, 'submissions')).toEqual([['sub-legacy', submission]]);
  expect((await readStore(blank, names.db, 'quarantine')).map(([k]) => k)).toEqual(['conversation:damaged']);

  // A second project starting later on the same device: nothing of the first.
  await logger(blank, 'b', keyB, baseURL!);
  expect(await listed(blank, 'b')).toEqual([]);
  await blank.evaluate(() => window.__p.b!.flush());
  expect(await logFor(request, keyB)).toEqual([]);
});

test('a migration cut short (copied, the old database not yet deleted) and run again: no duplicate, the newer revision kept, the old database gone', async ({ blank, apiKey, baseURL, collector }) => {
  const id = `legacy-${randomUUID()}`;
  const names = namesFor(apiKey, baseURL!);
  // The partition already has revision 3 (3 messages); the old database still has revision 2 of the same conversation, and another one.
  const other = `legacy-${randomUUID()}`;
  await seed(blank, names.db, 2, ['outbox', 'quarantine', 'pending'], 'outbox', [[`conversation:${id}`, legacyConversation(id, 3, 3)]]);
  await seed(blank, names.db, 2, ['outbox', 'quarantine', 'pending'], 'pending', [[`conversation:${id}`, 1]]);
  await seed(blank, 'support-copilot:v1', 1, ['outbox', 'quarantine'], 'outbox', [[`conversation:${id}`, legacyConversation(id, 2, 2)], [`conversation:${other}`, legacyConversation(other, 1, 1)]]);
  await logger(blank, 'a', apiKey, baseURL!);
  await blank.evaluate(() => window.__p.a!.flush());
  expect((await collector.conversation(id))?.messages.map((m) => m.id)).toEqual([0, 1, 2].map((i) => `${id}-m${i}`));
  // A version-1 database had no open set: the moved record joined the partition's, and went.
  expect((await collector.conversation(other))?.messages.map((m) => m.id)).toEqual([`${other}-m0`]);
  expect(await blank.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([names.db]);
});
