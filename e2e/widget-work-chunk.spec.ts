/**
 * The script tag's work chunk (support-copilot-work.js: the API's zod schemas, issue 21 target 4):
 * a visitor who only sees the launcher never fetches it; the first need does, once (pointing at or
 * opening the launcher, an API call that stores, records stored by an earlier page), and what
 * needed it then works end to end. Counted by requests, never timed.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { logFor } from './core-helpers.ts';
import { HostPages, ask, scEvents, shownMessages, ui, waitReady, watchPage } from './widget-helpers.ts';

const WORK = /\/support-copilot-work\.js$/;
const PANEL = /\/support-copilot-panel\.js$/;

/** Every script file the page asks for, by name, in order. */
function scripts(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => void (/\.js$/.test(new URL(r.url()).pathname) && seen.push(new URL(r.url()).pathname)));
  return seen;
}
const count = (seen: string[], re: RegExp) => seen.filter((s) => re.test(s)).length;

type Command = (name: string, ...args: unknown[]) => unknown;
const command = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([n, a]) => (window as unknown as { SupportCopilot: Command }).SupportCopilot(n as string, ...(a as unknown[])), [name, args] as const);

/** The databases of ours on this origin. */
const ourDatabases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('support-copilot')));

/** Everything the start queued has run: the start-up delivery finished, two frames and a task later. */
async function settled(page: Page): Promise<void> {
  await command(page, 'flush');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r)))));
}

test('a visitor who never opens the chat never fetches the work chunk; pointing at the launcher fetches it with the panel, and a question is stored and delivered', async ({ page, apiKey, baseURL, collector }) => {
  const issues = await watchPage(page);
  const seen = scripts(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '/v1/chat/completions' }));
  await waitReady(page);
  await settled(page);
  expect(seen).toEqual(['/support-copilot.js', '/support-copilot-core.js']);
  // Nothing written, nothing stored: the start looked for records without creating a database.
  expect(await ourDatabases(page)).toEqual([]);
  const u = ui(page);
  await u.launcher.hover();
  await expect.poll(() => count(seen, WORK)).toBe(1);
  expect(count(seen, PANEL)).toBe(1);
  await ask(page, 'How do I install it?', 'command line tool deploys');
  const [user] = await shownMessages(page);
  await expect.poll(async () => (await collector.conversation(user!.conversationId))?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  expect(count(seen, WORK)).toBe(1);
  expect(issues.consoleErrors).toEqual([]);
});

test('a message logged through the command API fetches the work chunk (not the panel) and is delivered', async ({ page, apiKey, baseURL, collector }) => {
  await watchPage(page);
  const seen = scripts(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL! }));
  const conversationId = await waitReady(page);
  await settled(page);
  expect(count(seen, WORK)).toBe(0);
  const logged = (await command(page, 'logMessage', { role: 'user', content: 'logged before any open' })) as { id: string } | undefined;
  expect(logged?.id).toEqual(expect.any(String));
  expect(count(seen, WORK)).toBe(1);
  expect(count(seen, PANEL)).toBe(0);
  await expect.poll(async () => (await collector.conversation(conversationId))?.messages.map((m) => m.content)).toEqual(['logged before any open']);
});

/**
 * A page that stores `content` while the API is down, then a blank page (the pagehide send failing
 * too): the record is in IndexedDB, nothing in memory. Returns the host page's path and the conversation.
 */
async function leaveUndelivered(page: Page, collector: { fault(rule: Record<string, unknown>): Promise<unknown>; clearFaults(): Promise<unknown> }, apiKey: string, baseURL: string, content: string) {
  await watchPage(page);
  const path = (await HostPages.install(page)).host('host.html', { apiKey, analyticsUrl: baseURL });
  await collector.fault({ path: '/conversations', status: 503, count: -1 });
  await page.goto(path);
  const conversationId = await waitReady(page);
  // An assistant's message: a visitor's question left unanswered would load the panel to answer it.
  await command(page, 'logMessage', { role: 'assistant', content });
  await expect.poll(async () => ((await command(page, 'stats')) as { pending: number }).pending).toBe(1);
  await page.goto('/__test/blank.html');
  await collector.clearFaults();
  return { path, conversationId };
}

test('records an earlier page left undelivered fetch the work chunk at start, without a click, and are delivered', async ({ page, apiKey, baseURL, collector }) => {
  const { path, conversationId } = await leaveUndelivered(page, collector, apiKey, baseURL!, 'written while the API was down');
  const seen = scripts(page);
  await page.goto(path);
  await waitReady(page);
  await expect.poll(async () => (await collector.conversation(conversationId))?.messages.map((m) => m.content)).toEqual(['written while the API was down']);
  expect(count(seen, WORK)).toBe(1);
  expect(count(seen, PANEL)).toBe(0);
});

test('a work chunk that does not load: the panel does not open and the error names the file; once it loads, the question is stored', async ({ page, apiKey, baseURL, collector }) => {
  await watchPage(page);
  let refuse = true;
  await page.route('**/support-copilot-work.js', (route) => (refuse ? route.fulfill({ status: 404, body: 'not found' }) : route.fallback()));
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '/v1/chat/completions' }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await expect
    .poll(async () => (await scEvents(page)).filter((e) => e.type === 'error').map((e) => e.detail))
    .toEqual([expect.objectContaining({ code: 'panel_unavailable', message: expect.stringContaining('support-copilot-work.js') })]);
  await expect(u.dialog).toBeHidden();
  refuse = false;
  await ask(page, 'How do I install it?', 'command line tool deploys');
  const [user] = await shownMessages(page);
  await expect.poll(async () => (await collector.conversation(user!.conversationId))?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
});

test('a tab that never wrote starts delivery when another tab of the site writes: it fetches the work chunk then, not before', async ({ page, context, apiKey, baseURL, request }) => {
  await watchPage(page);
  const seen = scripts(page);
  const hp = await HostPages.install(page);
  const path = hp.host('host.html', { apiKey, analyticsUrl: baseURL! });
  await page.goto(path);
  await waitReady(page);
  await settled(page);
  expect(count(seen, WORK)).toBe(0);
  const other = await context.newPage();
  await watchPage(other);
  await other.goto((await HostPages.install(other)).host('host.html', { apiKey, analyticsUrl: baseURL! }));
  await waitReady(other);
  const logged = (await command(other, 'logMessage', { role: 'assistant', content: 'written in another tab' })) as { id: string };
  await expect.poll(() => count(seen, WORK)).toBe(1);
  await expect.poll(async () => (await logFor(request, apiKey)).flatMap((e) => e.messageIds)).toEqual([logged.id]);
  expect(count(seen, PANEL)).toBe(0);
});

test('data stored before partitioning, on a page with the script tag: found at start without a click, moved into the project and delivered', async ({ page, apiKey, baseURL, collector }) => {
  await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto('/__test/blank.html');
  const id = `legacy-${crypto.randomUUID()}`;
  await page.evaluate(async (id) => {
    const iso = new Date().toISOString();
    const record = {
      v: 1, kind: 'conversation', id, rev: 1, ackedRev: 0, attempts: 0, nextAttemptAt: 0, state: 'pending', lastError: null, touchedAt: Date.now(),
      body: { id, type: 'support_copilot', createdAt: iso, updatedAt: iso, userProperties: { id: 'legacy-visitor' } },
      messages: [{ id: `${id}-m0`, role: 'user', content: 'stored before partitioning', createdAt: iso, updatedAt: iso }],
    };
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open('support-copilot:v1', 2);
      req.onupgradeneeded = () => ['outbox', 'quarantine', 'pending'].forEach((s) => req.result.createObjectStore(s));
      req.onsuccess = () => {
        const t = req.result.transaction(['outbox', 'pending'], 'readwrite');
        t.objectStore('outbox').put(record, `conversation:${id}`);
        t.objectStore('pending').put(1, `conversation:${id}`);
        t.oncomplete = () => (req.result.close(), resolve());
        t.onerror = () => reject(t.error);
      };
      req.onerror = () => reject(req.error);
    });
  }, id);
  const seen = scripts(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL! }));
  await waitReady(page);
  await expect.poll(async () => (await collector.conversation(id))?.messages.map((m) => m.content)).toEqual(['stored before partitioning']);
  expect(count(seen, WORK)).toBe(1);
  expect(count(seen, PANEL)).toBe(0);
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'support-copilot:v1'))).toBe(false);
});

test('records stored and the work chunk unreachable at start: the widget is still ready and says why; once the file loads, they are delivered', async ({ page, apiKey, baseURL, collector }) => {
  const { path, conversationId } = await leaveUndelivered(page, collector, apiKey, baseURL!, 'waiting for the work chunk');
  let refuse = true;
  await page.route('**/support-copilot-work.js', (route) => (refuse ? route.fulfill({ status: 404, body: 'not found' }) : route.fallback()));
  await page.goto(path);
  await waitReady(page);
  await expect
    .poll(async () => (await scEvents(page)).filter((e) => e.type === 'error').map((e) => e.detail))
    .toContainEqual(expect.objectContaining({ code: 'panel_unavailable', message: expect.stringContaining('support-copilot-work.js') }));
  refuse = false;
  await expect.poll(async () => (await collector.conversation(conversationId))?.messages.map((m) => m.content), { timeout: 30_000 }).toEqual(['waiting for the work chunk']);
});
