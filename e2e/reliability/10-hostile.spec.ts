/**
 * Family 10: hostile pages and browsers (issue 16, items 1-6; item 8 in every scenario).
 *  - Redirects are not delivery: the analytics API answering 301/302/303/307/308, and the chat
 *    endpoint answering a redirect.
 *  - Time that jumps: the wall clock moved back or forward an hour after a failed attempt, between
 *    two messages, and a retry stored far in the future by a clock that has since moved back.
 *  - Database versions: a newer version before start, after start in this page and in another
 *    tab, one without our stores, and data a version-1 widget left.
 *  - Blocked storage and cookies: each of indexedDB, localStorage, sessionStorage and
 *    document.cookie throwing alone, and all together (also through the script tag).
 *  - Polluted prototypes (item 5): each of 14 keys on Object.prototype alone, Array/Object/String
 *    .prototype.toJSON, everything at once (the logger); the widget through the script tag with
 *    everything at once and with Prototype.js's Array#toJSON (question, answer, feedback, the chat
 *    request's own body checked).
 *  - Config values that escape (item 6): colours with url(), `;` or braces, cookie domains with
 *    attributes or spaces, javascript:/data: URLs for chat.url and logoUrl, an ftp analyticsUrl, a
 *    bad update().
 *  - Never throw (item 8): script-tag commands with wrong arguments, a panel chunk that fails to
 *    load, a shortcut from the document.
 * Every page records `window.onerror` and `unhandledrejection`; each scenario asserts it stayed clean.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect } from './ledger.ts';
import { append, drain, errors, fault, flush, postsFor, start, stats, writeIdb } from './helpers.ts';
import { SCRIPT_TAG_DIR } from './global-setup.ts';
import { clearFaultsFor, namesFor } from '../fixtures.ts';
import { HostPages, RECORDER_SCRIPT, scEvents, ui } from '../widget-helpers.ts';

/** Records uncaught errors and unhandled rejections, from before any page script. */
const UNCAUGHT = () => {
  const w = window as unknown as { __uncaught: string[] };
  w.__uncaught = [];
  addEventListener('error', (e) => w.__uncaught.push(`error: ${e.message}`));
  addEventListener('unhandledrejection', (e) => w.__uncaught.push(`unhandledrejection: ${String((e as PromiseRejectionEvent).reason)}`));
};
const uncaught = (page: Page) => page.evaluate(() => (window as unknown as { __uncaught: string[] }).__uncaught);

/** The blank page again, with these scripts run before anything else. */
async function hostile(page: Page, ...scripts: (() => void)[]): Promise<void> {
  await page.addInitScript(UNCAUGHT);
  for (const s of scripts) await page.addInitScript(s);
  await page.reload();
}

const clean = async (page: Page) => expect(await uncaught(page), 'window.onerror / unhandledrejection').toEqual([]);

// ------------------------------------------------------------------------------------ redirects

for (const status of [301, 302, 303, 307, 308]) {
  test(`analytics API answering ${status}: never followed, reported naming the URL, kept, delivered once analyticsUrl is fixed`, async ({ blank, apiKey, baseURL, request, ledger }) => {
    await hostile(blank);
    // Every POST is redirected to where a followed 303 would GET (and be answered 200).
    await fault(request, apiKey, { status, location: `${baseURL}/conversations?moved=1`, count: -1 });
    await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
    const a = await append(blank, ledger, [`before ${status} 1`, `before ${status} 2`]);
    const r = await flush(blank);
    expect(r).toMatchObject({ ok: false, code: 'unauthorized' });
    expect((r as { message: string }).message).toContain(`${baseURL}/conversations answered with a redirect`);
    expect(await stats(blank)).toMatchObject({ blocked: 1, delivered: 0 });
    expect((await errors(blank)).filter((e) => e.code === 'unauthorized')).toHaveLength(1);
    // Nothing followed: no GET under this key, nothing stored.
    const gets = (await (await request.get(`/__admin/log?${new URLSearchParams({ key: apiKey, method: 'GET' })}`)).json()).entries;
    expect(gets).toEqual([]);
    expect((await postsFor(request, apiKey)).every((e) => e.status === status)).toBe(true);
    // The URL fixed: the same data goes, whole.
    await clearFaultsFor(request, apiKey);
    await blank.evaluate((url) => window.__rl.logger.update({ analyticsUrl: url }), baseURL!);
    await append(blank, ledger, [`after ${status}`], a.id);
    expect(await drain(blank)).toEqual({ ok: true });
    await ledger.settle();
    await clean(blank);
  });
}

test('the chat endpoint answering a redirect: not followed, the visitor sees why, the question is still delivered', async ({ page, apiKey, baseURL, ledger }) => {
  await page.addInitScript(UNCAUGHT);
  await page.addInitScript(RECORDER_SCRIPT);
  const hp = await HostPages.install(page);
  await page.route(/\/support-copilot(-core|-panel)?\.js$/, (route) => route.fulfill({ contentType: 'text/javascript', body: readFileSync(`${SCRIPT_TAG_DIR}/${new URL(route.request().url()).pathname.slice(1)}`) }));
  // The widget's `chat_error` events, through the queue stub's `on` once it has loaded.
  await page.addInitScript(() => {
    const w = window as unknown as { __chatErrors: unknown[]; SupportCopilot?: (...a: unknown[]) => unknown };
    w.__chatErrors = [];
    document.addEventListener('support-copilot:ready', () => w.SupportCopilot?.('on', 'chat_error', (e: unknown) => w.__chatErrors.push(e)));
  });
  let followed = 0;
  await page.route('**/moved-chat', (route) => void (followed++, route.fulfill({ status: 200, contentType: 'application/json', body: '{"choices":[{"message":{"content":"followed"}}]}' })));
  await page.route('**/redirecting-chat', (route) => route.fulfill({ status: 302, headers: { Location: '/moved-chat' } }));
  await page.goto(hp.host('chat-redirect.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '/redirecting-chat', attrs: { 'data-flush-delay-ms': '20' } }));
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill('where did my answer go?');
  await u.send.click();
  // Visitors get plain words (a refusal: retrying cannot help); integrators get the detail.
  await expect(u.log).toContainText('The assistant could not answer this question.');
  await expect
    .poll(() => page.evaluate(() => JSON.stringify((window as unknown as { __chatErrors?: unknown[] }).__chatErrors ?? [])))
    .toContain('Chat service answered with a redirect (not followed)');
  expect(followed).toBe(0);
  const { conversationId, messageId } = await page.evaluate(() => {
    const e = (window as unknown as { __sc: { events: { type: string; detail: { conversationId: string; messageId: string } }[] } }).__sc.events.find((x) => x.type === 'message')!;
    return e.detail;
  });
  ledger.appended(conversationId, [messageId], ['where did my answer go?']);
  await ledger.settle();
  await clean(page);
});

// ------------------------------------------------------------------------------------ clock jumps

for (const [name, shift] of [['back', -3_600_000], ['forward', 3_600_000]] as const) {
  test(`the wall clock jumps ${name} an hour while a retry waits: it goes after its backoff all the same`, async ({ blank, apiKey, baseURL, request, ledger }) => {
    await blank.clock.install();
    await hostile(blank);
    await fault(request, apiKey, { status: 500, retryAfter: '2', count: 1 });
    await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
    await append(blank, ledger, [`clock ${name} 1`, `clock ${name} 2`]);
    await expect.poll(async () => (await postsFor(request, apiKey)).length).toBe(1);
    await blank.clock.setSystemTime(Date.now() + shift);
    // Retry-After 2 s, measured on the page's elapsed time. The settle wait is a hang guard (a retry
    // timed on the wall clock would wait an hour): 8 s raced a loaded CI machine once (2 of 2 pending).
    await ledger.settle(30_000);
    await clean(blank);
  });
}

test('the clock moves back an hour between two messages: payload dates keep the order the visitor saw', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await blank.clock.install();
  await hostile(blank);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['first, before the jump']);
  await blank.clock.setSystemTime(Date.now() - 3_600_000);
  await append(blank, ledger, ['second, after the jump'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  const stored = await (await request.get(`/conversations/${a.id}`, { headers: { Authorization: 'Bearer demo-api-key' } })).json();
  const [first, second] = (stored.messages as { createdAt: string }[]).map((m) => Date.parse(m.createdAt));
  expect(second).toBeGreaterThanOrEqual(first!);
  await clean(blank);
});

test('a retry stored an hour ahead (written before the clock moved back) is clamped to the backoff cap at the next start', async ({ blank, apiKey, baseURL, ledger }) => {
  await blank.clock.install();
  await hostile(blank);
  const id = 'clamp-' + apiKey.slice(5, 13);
  const now = await blank.evaluate(() => Date.now());
  const iso = new Date(now).toISOString();
  const message = { id: `${id}-m1`, role: 'user', content: 'waiting an hour?', createdAt: iso, updatedAt: iso };
  await writeIdb(blank, namesFor(apiKey, baseURL!).db, [[`conversation:${id}`, {
    v: 1, kind: 'conversation', id, body: { id, type: 'support_copilot', createdAt: iso, updatedAt: iso }, messages: [message],
    rev: 1, ackedRev: 0, attempts: 9, nextAttemptAt: now + 3_600_000, state: 'pending', lastError: 'HTTP 503', touchedAt: now,
  }]]);
  ledger.appended(id, [message.id], [message.content]);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  expect((await stats(blank)).pending).toBe(1);
  // Five minutes (the backoff cap) on the page's clock, not an hour.
  await blank.clock.runFor(5 * 60_000 + 1_000);
  await ledger.settle(8_000);
  await clean(blank);
});

// ------------------------------------------------------------------------------ database versions

/** Opens the outbox database `db` at `version` with raw IndexedDB, adding a store (or deleting ours), and closes it. */
async function upgrade(page: Page, db: string, version: number, change: 'add' | 'drop'): Promise<void> {
  await page.evaluate(
    ({ db, version, change }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(db, version);
        req.onupgradeneeded = () => {
          const db = req.result;
          if (change === 'add') db.createObjectStore(`added-in-v${version}`);
          else for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
        };
        req.onsuccess = () => (req.result.close(), resolve());
        req.onerror = () => reject(req.error);
        // Blocked would mean an open connection ignored versionchange: fail loudly.
        req.onblocked = () => reject(new Error('upgrade blocked by an open connection'));
      }),
    { db, version, change },
  );
}

test('a newer database version before start (a newer widget kept our stores): used at its version, nothing lost, delivered', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await hostile(blank);
  // This version's data, undelivered (the API refuses it for now), then a newer widget upgrades the database.
  await fault(request, apiKey, { status: 503, count: -1 });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['stored before the upgrade']);
  await blank.reload();
  await upgrade(blank, namesFor(apiKey, baseURL!).db, 5, 'add');
  await clearFaultsFor(request, apiKey);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  expect((await stats(blank)).storage).toBe('indexeddb');
  await append(blank, ledger, ['on the newer database'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  await clean(blank);
});

test('a newer version opened after start in this page: the connection closes, the upgrade is not blocked, appends go on', async ({ blank, apiKey, baseURL, ledger }) => {
  await hostile(blank);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['before the upgrade']);
  await upgrade(blank, namesFor(apiKey, baseURL!).db, 7, 'add');
  await append(blank, ledger, ['after the upgrade 1', 'after the upgrade 2'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  expect((await errors(blank)).map((e) => e.code)).toEqual([]);
  expect((await stats(blank)).storage).toBe('indexeddb');
  await ledger.settle();
  await clean(blank);
});

test('a newer version opened in a second tab never makes the first refuse messages', async ({ blank, context, apiKey, baseURL, ledger }) => {
  await hostile(blank);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['tab 1, before']);
  const tab2 = await context.newPage();
  await tab2.goto(blank.url());
  await upgrade(tab2, namesFor(apiKey, baseURL!).db, 9, 'add');
  for (let i = 0; i < 5; i++) await append(blank, ledger, [`tab 1, after ${i}`], a.id);
  expect((await errors(blank)).map((e) => e.code)).toEqual([]);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  await clean(blank);
});

test('a newer version without our stores: this tab keeps working in memory, says so, never continues a conversation whose history went', async ({ blank, apiKey, baseURL, ledger }) => {
  await hostile(blank);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['before the stores go 1', 'before the stores go 2']);
  expect(await drain(blank)).toEqual({ ok: true });
  await upgrade(blank, namesFor(apiKey, baseURL!).db, 11, 'drop');
  // Its stored history went with the stores: continuing it would replace the server's list with one message.
  const refused = await blank.evaluate((id) => window.__rl.logger.conversation({ id }).append({ role: 'user', content: 'after the stores went' }).then(() => 'stored', (e: { code: string }) => e.code), a.id);
  expect(refused).toBe('conversation_gone');
  ledger.refused(1, 'conversation_gone: its stored history went with the stores');
  const b = await append(blank, ledger, ['a new conversation, in memory 1']);
  await append(blank, ledger, ['a new conversation, in memory 2'], b.id);
  expect(await drain(blank)).toEqual({ ok: true });
  expect((await stats(blank)).storage).toBe('memory');
  expect((await errors(blank)).map((e) => e.code)).toContain('storage_unavailable');
  await ledger.settle();
  await clean(blank);
});

test('data a version-1 widget left (unpartitioned database at version 1, no open set): moved into the project\'s partition, delivered at start, the old database deleted', async ({ blank, apiKey, ledger, baseURL }) => {
  await hostile(blank);
  const id = 'v1-' + apiKey.slice(5, 13);
  const iso = new Date().toISOString();
  const messages = [0, 1].map((i) => ({ id: `${id}-m${i}`, role: i ? 'assistant' : 'user', content: `left by version 1, ${i}`, createdAt: iso, updatedAt: iso }));
  await blank.evaluate(
    ({ id, messages, iso }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('support-copilot:v1', 1);
        req.onupgradeneeded = () => ['outbox', 'quarantine'].forEach((n) => req.result.createObjectStore(n));
        req.onsuccess = () => {
          const t = req.result.transaction('outbox', 'readwrite');
          t.objectStore('outbox').put({ v: 1, kind: 'conversation', id, body: { id, type: 'support_copilot', createdAt: iso, updatedAt: iso }, messages, rev: 2, ackedRev: 0, attempts: 0, nextAttemptAt: 0, state: 'pending', lastError: null, touchedAt: Date.now() }, `conversation:${id}`);
          t.oncomplete = () => (req.result.close(), resolve());
          t.onerror = () => reject(t.error);
        };
      }),
    { id, messages, iso },
  );
  ledger.appended(id, messages.map((m) => m.id), messages.map((m) => m.content));
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  await ledger.settle();
  const dbs = await blank.evaluate(async () => (await indexedDB.databases()).map((d) => [d.name, d.version]));
  expect(dbs).toEqual([[namesFor(apiKey, baseURL!).db, 2]]);
  await clean(blank);
});

// --------------------------------------------------------------------- blocked storage and cookies

const BLOCK = {
  'indexedDB (the getter throws)': () => Object.defineProperty(window, 'indexedDB', { configurable: true, get: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } }),
  'indexedDB.open throws': () => void (IDBFactory.prototype.open = () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); }),
  localStorage: () => Object.defineProperty(window, 'localStorage', { configurable: true, get: () => { throw new DOMException('Access is denied for this document.', 'SecurityError'); } }),
  sessionStorage: () => Object.defineProperty(window, 'sessionStorage', { configurable: true, get: () => { throw new DOMException('Access is denied for this document.', 'SecurityError'); } }),
  'document.cookie': () =>
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get: () => { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
      set: () => { throw new DOMException('Access is denied for this document.', 'SecurityError'); },
    }),
};
const ALL = () => {
  for (const name of ['indexedDB', 'localStorage', 'sessionStorage']) Object.defineProperty(window, name, { configurable: true, get: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
  Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); }, set: () => { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
};

for (const [name, block] of [...Object.entries(BLOCK), ['all of them', ALL] as const]) {
  test(`${name} blocked: the logger starts and delivers, storage reported as it is, no uncaught error`, async ({ blank, apiKey, baseURL, ledger }) => {
    await hostile(blank, block);
    await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
    const idbBlocked = name.startsWith('indexedDB') || name === 'all of them';
    expect((await stats(blank)).storage).toBe(idbBlocked ? 'memory' : 'indexeddb');
    if (idbBlocked) expect((await errors(blank)).map((e) => e.code)).toContain('storage_unavailable');
    const a = await append(blank, ledger, [`${name} 1`, `${name} 2`]);
    await append(blank, ledger, [`${name} 3`], a.id);
    expect(await drain(blank)).toEqual({ ok: true });
    await ledger.settle();
    await clean(blank);
  });
}

test('storage and cookies all blocked, through the script tag: the widget starts, works in memory, no uncaught error (the old TDZ ReferenceError)', async ({ page, apiKey, baseURL, ledger }) => {
  await page.addInitScript(UNCAUGHT);
  await page.addInitScript(ALL);
  await page.addInitScript(RECORDER_SCRIPT);
  const hp = await HostPages.install(page);
  await page.route(/\/support-copilot(-core|-panel)?\.js$/, (route) => route.fulfill({ contentType: 'text/javascript', body: readFileSync(`${SCRIPT_TAG_DIR}/${new URL(route.request().url()).pathname.slice(1)}`) }));
  await page.goto(hp.host('blocked.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '', attrs: { 'data-flush-delay-ms': '20' } }));
  const sc = (name: string, ...args: unknown[]) => page.evaluate(({ name, args }) => (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot(name, ...args), { name, args });
  await expect.poll(async () => ((await sc('stats')) as { storage?: string } | undefined)?.storage).toBe('memory');
  const conversationId = (await sc('currentConversation')) as string;
  const ids: string[] = [];
  for (const content of ['blocked 1', 'blocked 2']) ids.push(((await sc('logMessage', { role: 'user', content })) as { id: string }).id);
  ledger.appended(conversationId, ids, ['blocked 1', 'blocked 2']);
  await ledger.settle();
  await expect(ui(page).launcher).toBeVisible();
  await clean(page);
});

// ---------------------------------------------------------------------------- polluted prototypes

/** What an old library or a careless page sets on the shared prototypes (as plain, enumerable assignments). */
const POLLUTE = (spec: { keys: string[]; toJSON: string[] }) => {
  const p = Object.prototype as unknown as Record<string, unknown>;
  for (const k of spec.keys) p[k] = `polluted-${k}`;
  // Prototype.js 1.6: Array#toJSON returns a JSON string (so JSON.stringify double-encodes arrays); Object#toJSON, String#toJSON alike.
  const protos = { Array: Array.prototype, Object: Object.prototype, String: String.prototype } as unknown as Record<string, Record<string, unknown>>;
  for (const name of spec.toJSON) {
    protos[name]!.toJSON = function (this: unknown) {
      return `${name}#toJSON ${typeof this}`;
    };
  }
};
const POLLUTED_KEYS = ['headers', 'id', 'apiKey', 'chat', 'user', 'role', 'content', 'properties', 'messages', 'then', 'userProperties', 'body', 'signal', 'method'];
const POLLUTIONS: [string, { keys: string[]; toJSON: string[] }][] = [
  ...POLLUTED_KEYS.map((k) => [`Object.prototype.${k}`, { keys: [k], toJSON: [] }] as [string, { keys: string[]; toJSON: string[] }]),
  ['Array.prototype.toJSON (Prototype.js)', { keys: [], toJSON: ['Array'] }],
  ['Object.prototype.toJSON', { keys: [], toJSON: ['Object'] }],
  ['String.prototype.toJSON', { keys: [], toJSON: ['String'] }],
  ['every key and every toJSON at once', { keys: POLLUTED_KEYS, toJSON: ['Array', 'Object', 'String'] }],
];

for (const [name, spec] of POLLUTIONS) {
  test(`${name} polluted: the logger starts, payloads are valid, nothing lost, no uncaught error`, async ({ blank, apiKey, baseURL, ledger }) => {
    await blank.addInitScript(POLLUTE, spec);
    await hostile(blank);
    await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
    const a = await append(blank, ledger, [`${name} 1`, `${name} 2`]);
    await append(blank, ledger, [`${name} 3`], a.id);
    // Feedback and an event too: their bodies go through the same serialisation.
    const extra = await blank.evaluate(async (messageId) => {
      const l = window.__rl.logger;
      await l.feedback({ type: 'negative', messageId, reasons: [{ label: 'Inaccurate' }] });
      await l.event({ type: 'message:copied', entityType: 'message', messageId });
      return l.stats();
    }, a.ids[1]!);
    expect(extra.storage).toBe('indexeddb');
    expect(await drain(blank)).toEqual({ ok: true });
    expect((await errors(blank)).map((e) => e.code)).toEqual([]);
    await ledger.settle();
    await clean(blank);
  });
}

/** A host page with the script tag (the built bundles), recording uncaught errors and the widget's DOM events. */
async function widgetPage(page: Page, name: string, o: Parameters<HostPages['host']>[1], ...scripts: [() => void] | [(a: never) => void, unknown][]): Promise<void> {
  await page.addInitScript(UNCAUGHT);
  for (const s of scripts) await (Array.isArray(s) ? page.addInitScript(s[0] as (a: unknown) => void, s[1]) : page.addInitScript(s));
  await page.addInitScript(RECORDER_SCRIPT);
  const hp = await HostPages.install(page);
  await page.route(/\/support-copilot(-core|-panel)?\.js$/, (route) => route.fulfill({ contentType: 'text/javascript', body: readFileSync(`${SCRIPT_TAG_DIR}/${new URL(route.request().url()).pathname.slice(1)}`) }));
  await page.goto(hp.host(name, o));
}

/** The messages shown (the widget's `support-copilot:message` events), for the ledger. */
const shown = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __sc: { events: { type: string; detail: { conversationId: string; messageId: string; role: string; content: string } }[] } }).__sc.events
      .filter((e) => e.type === 'message')
      .map((e) => e.detail),
  );

for (const [name, spec] of [
  ['every key and every toJSON at once', { keys: POLLUTED_KEYS, toJSON: ['Array', 'Object', 'String'] }],
  ['Array.prototype.toJSON (Prototype.js)', { keys: [], toJSON: ['Array'] }],
] as const) {
  test(`the widget through the script tag, ${name} polluted: it starts, asks, answers, sends valid bodies, no uncaught error`, async ({ page, apiKey, baseURL, ledger }) => {
    const chatBodies: unknown[] = [];
    await page.route('**/v1/chat/completions', async (route) => {
      chatBodies.push(route.request().postDataJSON());
      await route.fallback();
    });
    await widgetPage(page, `polluted-${name.length}.html`, { apiKey, analyticsUrl: baseURL!, attrs: { 'data-flush-delay-ms': '20' } }, [POLLUTE, { keys: [...spec.keys], toJSON: [...spec.toJSON] }] as never);
    const u = ui(page);
    await u.launcher.click();
    await u.input.fill('How do I install it?');
    await u.send.click();
    await expect(u.log).toContainText('command line tool deploys'); // the demo's answer (e2e/widget-helpers.ts INSTALL_ANSWER)
    await expect(u.helpful).toBeVisible();
    await u.helpful.click();
    // The chat request: `messages` an array of own { role, content }, not a string nor the page's keys.
    expect(chatBodies).toHaveLength(1);
    expect(chatBodies[0]).toMatchObject({ stream: true, messages: [{ role: 'user', content: 'How do I install it?' }] });
    expect(Object.keys((chatBodies[0] as { messages: object[] }).messages[0]!).sort()).toEqual(['content', 'role']);
    // The question and its answer, on the collector (which validated them with the official SDK's schemas).
    const messages = await shown(page);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    ledger.appended(messages[0]!.conversationId, messages.map((m) => m.messageId), [messages[0]!.content]);
    await ledger.settle();
    await clean(page);
  });
}

// ------------------------------------------------------------------------ config values that escape

const BAD_OPTIONS: [option: string, attribute: string, value: string, bad: RegExp][] = [
  ['primaryColor', 'data-primary-color', 'url(https://tracker.example/p)', /tracker\.example/],
  ['primaryColor', 'data-primary-color', 'red; background: url(https://tracker.example/bg)', /tracker\.example/],
  ['primaryColor', 'data-primary-color', '}', /^$/],
  ['cookieDomain', 'data-cookie-domain', 'example.com; Max-Age=3', /^$/],
  ['cookieDomain', 'data-cookie-domain', 'exa mple.com', /^$/],
  ['chat.url', 'data-chat-url', 'javascript:alert(1)', /^javascript:/],
  ['logoUrl', 'data-logo-url', 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>', /^data:/],
  ['logoUrl', 'data-logo-url', 'javascript:alert(1)', /^javascript:/],
];

for (const [option, attribute, value, bad] of BAD_OPTIONS) {
  test(`${option} ${JSON.stringify(value)}: refused naming the option, the default used, nothing loaded from it, the widget works`, async ({ page, context, apiKey, baseURL, ledger }) => {
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    await widgetPage(page, `bad-${option}-${value.length}.html`, { apiKey, analyticsUrl: baseURL!, attrs: { 'data-flush-delay-ms': '20', [attribute]: value } });
    const u = ui(page);
    await u.launcher.click();
    await u.input.fill(`does ${option} work?`);
    await u.send.click();
    // Refused at the door: the console and the widget's error event name the option.
    await expect.poll(() => consoleErrors.find((t) => t.includes(`${option}: expected`))).toBeTruthy();
    const refused = (await scEvents(page)).filter((e) => e.type === 'error' && e.detail.code === 'invalid_input');
    expect(refused).toHaveLength(1);
    expect(String(refused[0]!.detail.message)).toContain(`${option}: expected`);
    // The default in its place: no colour of its own, no logo, the cookie as it always is.
    const shadow = await page.evaluate(() => {
      const root = document.querySelector('[data-support-copilot]')!.shadowRoot!;
      return { primary: (root.querySelector('.root') as HTMLElement).style.getPropertyValue('--sc-primary'), logos: root.querySelectorAll('img').length };
    });
    expect(shadow).toEqual({ primary: '', logos: 0 });
    // Answered (by the collector's FAQ), except without a chat endpoint: the question is kept all the same.
    if (option !== 'chat.url') await expect(u.helpful).toBeVisible({ timeout: 30_000 });
    // Polled: without a chat endpoint nothing else waits for the question to be stored and shown (read at once, it was not yet, at load).
    await expect.poll(async () => (await shown(page)).map((m) => m.role)).toEqual(option === 'chat.url' ? ['user'] : ['user', 'assistant']);
    const messages = await shown(page);
    ledger.appended(messages[0]!.conversationId, messages.map((m) => m.messageId), [messages[0]!.content]);
    await ledger.settle();
    const cookie = (await context.cookies()).find((c) => c.name === 'inkeepUsagePreferences_userId');
    expect(cookie?.domain).toBe(new URL(baseURL!).hostname);
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(364 * 24 * 3600 * 1000);
    // Nothing fetched from the refused value.
    expect(requests.filter((r) => bad.source !== '^$' && bad.test(r))).toEqual([]);
    await clean(page);
  });
}

test('analyticsUrl "ftp://x": the widget refuses to start (the data would go elsewhere), naming the option; nothing is sent; a corrected init starts it; no uncaught error', async ({ page, apiKey, baseURL, ledger }) => {
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await widgetPage(page, 'bad-analytics-url.html', { apiKey, analyticsUrl: 'ftp://x' });
  await expect.poll(() => consoleErrors.find((t) => t.includes('analyticsUrl: expected an absolute http(s) URL'))).toBeTruthy();
  const errorsSeen = (await scEvents(page)).filter((e) => e.type === 'error');
  expect(errorsSeen.map((e) => e.detail.code)).toEqual(['invalid_input']);
  await expect(ui(page).launcher).toHaveCount(0);
  expect(requests.filter((r) => !/\/(__test\/|support-copilot)/.test(r))).toEqual([]);
  // The host fixes it: the same page starts the widget, and it delivers.
  const sc = (...a: unknown[]) => page.evaluate((a) => (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot(...a), a);
  await sc('init', { analyticsUrl: baseURL });
  await expect(ui(page).launcher).toBeVisible();
  const { id } = (await sc('logMessage', { role: 'user', content: 'after the fix' })) as { id: string };
  ledger.appended((await sc('currentConversation')) as string, [id], ['after the fix']);
  await ledger.settle();
  await clean(page);
});

test('update() with a bad colour keeps the current one, reported naming the option, and the widget goes on', async ({ page, apiKey, baseURL, ledger }) => {
  await widgetPage(page, 'bad-update.html', { apiKey, analyticsUrl: baseURL!, attrs: { 'data-primary-color': '#123456' } });
  await expect(ui(page).launcher).toBeVisible();
  await expect.poll(async () => (await scEvents(page)).some((e) => e.type === 'ready')).toBe(true);
  await page.evaluate(() => (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot('update', { primaryColor: 'url(https://tracker.example/u)' }));
  await expect.poll(async () => (await scEvents(page)).filter((e) => e.type === 'error').map((e) => String(e.detail.message))).toEqual([expect.stringContaining('primaryColor: expected')]);
  const primary = await page.evaluate(() => (document.querySelector('[data-support-copilot]')!.shadowRoot!.querySelector('.root') as HTMLElement).style.getPropertyValue('--sc-primary'));
  expect(primary).toBe('#123456');
  const sc = (...a: unknown[]) => page.evaluate((a) => (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot(...a), a);
  const { id } = (await sc('logMessage', { role: 'user', content: 'after a refused update' })) as { id: string };
  ledger.appended((await sc('currentConversation')) as string, [id], ['after a refused update']);
  await ledger.settle();
  await clean(page);
});

// ------------------------------------------------------------------------ never throw into the page

test('script-tag commands with wrong arguments, a panel chunk that fails to load, a shortcut from the document: reported, never thrown, no uncaught error', async ({ page, apiKey, baseURL, ledger }) => {
  await widgetPage(page, 'never-throw.html', { apiKey, analyticsUrl: baseURL!, attrs: { 'data-flush-delay-ms': '20', 'data-shortcut': 'mod+k' } });
  await page.route('**/support-copilot-panel.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await expect.poll(async () => (await scEvents(page)).some((e) => e.type === 'ready')).toBe(true);
  const results = await page.evaluate(async () => {
    const sc = (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot;
    const out: string[] = [];
    const calls: unknown[][] = [
      ['no-such-command'],
      ['logMessage', null],
      ['logMessage', { role: 42 }],
      ['identify', 42],
      ['setConsent', 'yes'],
      ['update', { offsetX: 'far' }],
      ['update', null],
      ['on', 'modal_opened', 'not a function'],
      ['open', 'no-such-view'],
      // A valid open: the panel's file is gone (404), which must be said, not thrown.
      ['open'],
    ];
    for (const c of calls) {
      try {
        out.push(`${c[0]}: ${typeof (await sc(...c))}`);
      } catch (e) {
        out.push(`${c[0]}: threw ${String(e)}`);
      }
    }
    // The shortcut, from the document itself (no element target).
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, metaKey: true, bubbles: true }));
    return out;
  });
  expect(results.filter((r) => r.includes('threw'))).toEqual([]);
  // The panel's code did not load: said, not thrown.
  await expect.poll(async () => (await scEvents(page)).some((e) => e.type === 'error' && e.detail.code === 'panel_unavailable')).toBe(true);
  // And the widget still logs.
  const id = await page.evaluate(async () => ((await (window as unknown as { SupportCopilot: (...a: unknown[]) => Promise<{ id: string }> }).SupportCopilot('logMessage', { role: 'user', content: 'still here' })) as { id: string }).id);
  const conversationId = await page.evaluate(() => (window as unknown as { SupportCopilot: (...a: unknown[]) => string }).SupportCopilot('currentConversation'));
  ledger.appended(conversationId, [id], ['still here']);
  await ledger.settle();
  await clean(page);
});
