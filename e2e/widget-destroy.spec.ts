/**
 * `destroy()` of the npm entry leaves no node, listener, timer or channel behind, and a second
 * `createSupportCopilot` works. An init script wraps the browser's registration APIs and records,
 * per registration, the stack that made it, so only what the widget's bundle (`/__test/*.js`)
 * registered is counted.
 */
import { test, expect, namesFor } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { HostPages, ui } from './widget-helpers.ts';

interface Live {
  listeners: string[];
  timers: string[];
  intervals: string[];
  channels: number;
}

/** Runs in the page before anything else. */
function tracker() {
  const fromWidget = (stack: string | undefined) => /\/__test\/[\w.-]+\.js/.test(stack ?? '');
  type Entry = { target: EventTarget; type: string; listener: unknown; capture: boolean; stack: string };
  const listeners = new Set<Entry>();
  const timers = new Map<number, string>();
  const intervals = new Map<number, string>();
  const channels = new Set<BroadcastChannel>();
  const capture = (o: unknown) => (typeof o === 'boolean' ? o : !!(o as { capture?: boolean } | undefined)?.capture);

  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
    const stack = new Error().stack ?? '';
    if (listener && fromWidget(stack)) {
      const c = capture(options);
      const dup = [...listeners].some((e) => e.target === this && e.type === type && e.listener === listener && e.capture === c);
      if (!dup) {
        const entry: Entry = { target: this, type, listener, capture: c, stack };
        listeners.add(entry);
        if ((options as { once?: boolean } | undefined)?.once) {
          // A `once` listener is gone after it runs.
          add.call(this, type, () => listeners.delete(entry), { once: true });
        }
        const signal = (options as { signal?: AbortSignal } | undefined)?.signal;
        signal?.addEventListener('abort', () => listeners.delete(entry), { once: true });
      }
    }
    return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  } as typeof add;
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, listener: unknown, options?: unknown) {
    const c = capture(options);
    for (const e of listeners) if (e.target === this && e.type === type && e.listener === listener && e.capture === c) listeners.delete(e);
    return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
  } as typeof remove;

  const st = window.setTimeout;
  const ct = window.clearTimeout;
  const si = window.setInterval;
  const ci = window.clearInterval;
  window.setTimeout = function (fn: TimerHandler, ms?: number, ...args: unknown[]) {
    const stack = new Error().stack ?? '';
    const id: number = st(
      (...a: unknown[]) => {
        timers.delete(id);
        if (typeof fn === 'function') (fn as (...x: unknown[]) => void)(...a);
      },
      ms,
      ...args,
    );
    if (fromWidget(stack)) timers.set(id, `${ms}ms ${stack.split('\n').slice(2, 5).join(' | ')}`);
    return id;
  } as typeof setTimeout;
  window.clearTimeout = ((id?: number) => {
    if (id !== undefined) timers.delete(id);
    ct(id);
  }) as typeof clearTimeout;
  window.setInterval = function (fn: TimerHandler, ms?: number, ...args: unknown[]) {
    const stack = new Error().stack ?? '';
    const id: number = si(fn, ms, ...args);
    if (fromWidget(stack)) intervals.set(id, `${ms}ms ${stack.split('\n').slice(2, 5).join(' | ')}`);
    return id;
  } as typeof setInterval;
  window.clearInterval = ((id?: number) => {
    if (id !== undefined) intervals.delete(id);
    ci(id);
  }) as typeof clearInterval;

  const BC = window.BroadcastChannel;
  window.BroadcastChannel = class extends BC {
    constructor(name: string) {
      super(name);
      if (fromWidget(new Error().stack)) channels.add(this);
    }
    override close() {
      channels.delete(this);
      super.close();
    }
  };

  const describe = (t: EventTarget) =>
    t === window ? 'window' : t === document ? 'document' : t instanceof Node ? `${t.nodeName}${t.isConnected ? '' : ' (detached)'}` : t.constructor.name;
  (window as unknown as { __live: () => Live }).__live = () => ({
    // Listeners on nodes no longer in the document go away with them; everything else stays reachable.
    listeners: [...listeners]
      .filter((e) => !(e.target instanceof Node) || e.target.isConnected || e.target === document)
      .filter((e) => !(e.target instanceof AbortSignal))
      .map((e) => `${describe(e.target)} ${e.type} <- ${e.stack.split('\n').slice(2, 4).join(' | ')}`),
    timers: [...timers.values()],
    intervals: [...intervals.values()],
    channels: channels.size,
  });
}

type Api = { open(): void; close(): void; destroy(): void; on(n: string, l: (e: { eventName: string }) => void): () => void };
declare global {
  interface Window {
    __live: () => Live;
    __w?: Api;
    __events?: string[];
  }
}

async function live(page: Page): Promise<Live> {
  return page.evaluate(() => window.__live());
}

/** Creates the widget from the npm entry, with a fake answer source (a streamed answer, no network). */
async function create(page: Page, apiKey: string, baseURL: string, destroyAtOnce = false): Promise<void> {
  await page.evaluate(
    async ({ apiKey, baseURL, destroyAtOnce }) => {
      const { createSupportCopilot }: typeof import('../src/index.ts') = await import(`${'/__test/index.js'}`);
      window.__events = [];
      window.__w = createSupportCopilot({
        apiKey,
        analyticsUrl: baseURL,
        async *answer() {
          for (const w of ['Hello ', 'from ', 'the ', 'test.']) {
            await new Promise((r) => setTimeout(r, 10));
            yield w;
          }
        },
        onEvent: (e) => window.__events!.push(e.eventName),
      }) as unknown as Api;
      if (destroyAtOnce) window.__w.destroy();
    },
    { apiKey, baseURL, destroyAtOnce },
  );
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(tracker);
  const hp = await HostPages.install(page);
  await page.goto('/__test/blank.html');
  void hp;
});

test('destroy() after use leaves no node, listener, timer or channel, and a second create works', async ({ page, apiKey, baseURL, collector }) => {
  const baseline = await live(page);
  expect(baseline).toEqual({ listeners: [], timers: [], intervals: [], channels: 0 });
  await create(page, apiKey, baseURL!);
  const u = ui(page);
  await expect.poll(() => page.evaluate(() => window.__events!.includes('widget_ready'))).toBe(true);
  // Use it: open, send, get a streamed answer, close.
  await u.launcher.click();
  await u.input.fill('hi');
  await u.input.press('Enter');
  await expect(u.log).toContainText('Hello from the test.');
  await expect(u.helpful).toBeVisible();
  await u.close.click();
  await expect(u.launcher).toBeFocused();
  const during = await live(page);
  expect(during.listeners.length, 'the widget listens to the page while alive').toBeGreaterThan(0);
  expect(during.channels).toBe(1);
  await expect.poll(async () => (await collector.log('/conversations')).length).toBeGreaterThan(0);

  await page.evaluate(() => window.__w!.destroy());
  await expect(page.locator('[data-support-copilot]')).toHaveCount(0);
  // Clean-up that waits for storage is asynchronous: until it is done (a moment, or more under load).
  await expect.poll(async () => (await live(page)).listeners, 'live listeners after destroy').toEqual([]);
  const after = await live(page);
  expect(after.intervals, 'live intervals after destroy').toEqual([]);
  expect(after.channels, 'open BroadcastChannels after destroy').toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('[data-support-copilot]').length)).toBe(0);
  expect(await page.evaluate(() => Object.keys(window).filter((k) => /support.?copilot/i.test(k)))).toEqual([]);
  // Calling it again is harmless.
  await page.evaluate(() => window.__w!.destroy());

  // A second create works and shows the same conversation.
  await create(page, apiKey, baseURL!);
  await expect(page.locator('[data-support-copilot]')).toHaveCount(1);
  await u.launcher.click();
  await expect(u.log).toContainText('Hello from the test.');
  await u.input.fill('again');
  await u.input.press('Enter');
  await expect(u.log.locator('.msg')).toHaveCount(4);
  await expect(u.log.locator('.msg').last()).toContainText('Hello from the test.');
  await page.evaluate(() => window.__w!.destroy());
  await expect(page.locator('[data-support-copilot]')).toHaveCount(0);
});

test('destroy() after use leaves no timer running', async ({ page, apiKey, baseURL }) => {
  // destroy() promises "every timer": the storage probe's timeout, and the write lock's linger timer
  // of a read or write still under way when destroy() runs.
  await create(page, apiKey, baseURL!);
  const u = ui(page);
  await expect.poll(() => page.evaluate(() => window.__events!.includes('widget_ready'))).toBe(true);
  await u.launcher.click();
  await u.input.fill('hi');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  await page.evaluate(() => window.__w!.destroy());
  await expect.poll(async () => (await live(page)).timers, 'live timers after destroy').toEqual([]);
});

test('destroy() right after create (storage still opening) leaves no node, listener or channel', async ({ page, apiKey, baseURL }) => {
  // The startup task, still opening storage when destroy() runs, must not attach its page-lifecycle
  // listeners afterwards.
  // In the same task as create: IndexedDB is still opening.
  await create(page, apiKey, baseURL!, true);
  await expect(page.locator('[data-support-copilot]')).toHaveCount(0);
  // Let the startup that was under way finish (IndexedDB open and probe), however slow the machine.
  const db = namesFor(apiKey, baseURL!).db;
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain(db);
  await page.evaluate((db) => new Promise((r) => indexedDB.open(db).onsuccess = r), db);
  await expect.poll(async () => (await live(page)).listeners, 'live listeners after destroy').toEqual([]);
  const after = await live(page);
  expect.soft(after.channels).toBe(0);
  expect.soft(after.intervals).toEqual([]);
  // And a second create works.
  await create(page, apiKey, baseURL!);
  await ui(page).launcher.click();
  await expect(ui(page).dialog).toBeVisible();
});
