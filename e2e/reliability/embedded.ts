/**
 * Helpers of family 11 (11-embedded*.spec.ts): the widget embedded where the browser denies what it relies on. A sandboxed iframe
 * (`sandbox="allow-scripts"`: an opaque origin, so IndexedDB, cookies, localStorage and Web Locks
 * all throw SecurityError, and requests carry `Origin: null`) and a third-party iframe (page on
 * localhost, frame on 127.0.0.1: Playwright's Chromium denies its storage and locks), both through
 * the script tag; and the same third-party frame with storage partitioning on (as stock Chrome
 * may do: its own storage and locks). Every message logged is delivered, `stats()` says how it
 * runs, nothing is thrown into the page, and an idle minute costs no more than a few lock calls.
 */
import type { Frame, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, type Ledger } from './ledger.ts';
import { SCRIPT_TAG_DIR } from './global-setup.ts';
import { RECORDER_SCRIPT } from '../widget-helpers.ts';

/** Counts Web Locks requests in every frame, and records uncaught errors there. */
export const WATCH = () => {
  const w = window as unknown as { __locks: number; __errors: string[] };
  w.__locks = 0;
  w.__errors = [];
  const request = LockManager.prototype.request;
  LockManager.prototype.request = function (this: LockManager, ...a: Parameters<LockManager['request']>) {
    w.__locks++;
    return request.apply(this, a);
  } as LockManager['request'];
  addEventListener('error', (e) => w.__errors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => w.__errors.push(String((e as PromiseRejectionEvent).reason)));
};

export type Ctx = 'sandboxed' | 'third-party';

/** Serves the host page (with the frame) and the frame (with the script tag) on both origins. */
export async function embed(page: Page, ctx: Ctx, apiKey: string, baseURL: string): Promise<Frame> {
  const port = new URL(baseURL).port;
  const frameSrc = ctx === 'sandboxed' ? '/__test/frame.html' : `http://127.0.0.1:${port}/__test/frame.html`;
  const hostOrigin = ctx === 'sandboxed' ? baseURL : `http://localhost:${port}`;
  const sandbox = ctx === 'sandboxed' ? ' sandbox="allow-scripts"' : '';
  await page.addInitScript(RECORDER_SCRIPT);
  await page.addInitScript(WATCH);
  await page.route('**/__test/**', (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__test/', '');
    const html = (body: string) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head><body>${body}</body></html>` });
    if (name === 'host.html') return html(`<main><h1>Help centre</h1></main><iframe title="support" src="${frameSrc}"${sandbox}></iframe>`);
    if (name === 'frame.html') return html(`<script async src="/__test/sc/support-copilot.js" data-api-key="${apiKey}" data-analytics-url="${baseURL}" data-flush-delay-ms="20"></script>`);
    if (name.startsWith('sc/')) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(`${SCRIPT_TAG_DIR}/${name.slice(3)}`) });
    return route.fulfill({ status: 404, body: 'not found' });
  });
  // Chromium's Local Network Access treats the opaque origin as public, and the collector here is on
  // loopback: without this permission the browser blocks the request (the hosted API is public).
  await page.context().grantPermissions(['local-network-access']);
  await page.clock.install();
  await page.goto(`${hostOrigin}/__test/host.html`);
  const frame = page.frames().find((f) => f.url().endsWith('/__test/frame.html'))!;
  await expect.poll(() => frame.evaluate(() => (window as unknown as { __sc: { events: { type: string }[] } }).__sc.events.some((e) => e.type === 'ready'))).toBe(true);
  return frame;
}

export const command = <T>(frame: Frame, name: string, ...args: unknown[]) =>
  frame.evaluate(({ name, args }) => (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot(name, ...args), { name, args }) as Promise<T>;

/** Logs `n` messages into the widget's conversation, then into a new one; records them in the ledger. */
export async function logMessages(frame: Frame, ledger: Ledger, n: number): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const conversationId = await command<string>(frame, 'currentConversation');
    const contents = Array.from({ length: n }, (_, i) => `round ${round} message ${i}`);
    const ids: string[] = [];
    for (const [i, content] of contents.entries()) ids.push((await command<{ id: string }>(frame, 'logMessage', { role: i % 2 ? 'assistant' : 'user', content })).id);
    ledger.appended(conversationId, ids, contents);
    if (round === 0) await command(frame, 'newConversation');
  }
}

export async function scenario(page: Page, frame: Frame, ledger: Ledger, expected: { storage: string; locks: string }) {
  await logMessages(frame, ledger, 6);
  await ledger.settle();
  await expect.poll(() => command<{ pending: number }>(frame, 'stats').then((s) => s.pending)).toBe(0);
  expect(await command(frame, 'stats')).toMatchObject(expected);
  // An idle minute (the page's clock run forward): no lock retried in a loop.
  const before = await frame.evaluate(() => (window as unknown as { __locks: number }).__locks);
  await page.clock.runFor(60_000);
  const idle = (await frame.evaluate(() => (window as unknown as { __locks: number }).__locks)) - before;
  ledger.note(`${expected.storage}, ${expected.locks}: ${before} lock call(s) while delivering, ${idle} in an idle minute`);
  expect(idle).toBeLessThanOrEqual(3);
  if (expected.locks === 'tab-only') expect(before).toBeLessThanOrEqual(1);
  expect(await frame.evaluate(() => (window as unknown as { __errors: string[] }).__errors)).toEqual([]);
}

