/**
 * docs/troubleshooting.md, reproduced: each situation it describes is made in a page, and what the
 * visitor sees and what the console, `support-copilot:error` and `chat_error` say are compared with
 * what the doc quotes. A quote may stand for a variable part with `...` (`Chat service error 401:
 * ...`); everything else must be the text the widget really gives. So the doc cannot promise a text
 * that no longer exists, nor say "nothing renders" of an option that is refused alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, watchPage, scEvents, ui, type HostOptions } from './widget-helpers.ts';

const DOC = readFileSync(join(import.meta.dirname, '../docs/troubleshooting.md'), 'utf8');

/** The doc's section under this `##` heading. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  expect(start, `troubleshooting.md has "## ${heading}"`).toBeGreaterThan(0);
  const end = DOC.indexOf('\n## ', start + 4);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The `code` spans and "quotes" of a section; `...` in them stands for any text. */
function quotes(text: string): RegExp[] {
  // A quote may be wrapped over lines, like any prose.
  text = text.replace(/\s*\n\s*/g, ' ');
  const spans = [...text.matchAll(/``\s?(.+?)\s?``|`([^`\n]+)`|"([^"\n]+)"/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
  return spans.map((q) => new RegExp(`^${q.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
}

/** The section quotes this exact text (or a pattern of it). */
function expectQuoted(heading: string, observed: string): void {
  const found = quotes(section(heading)).some((q) => q.test(observed));
  expect(found, `troubleshooting.md "## ${heading}" quotes ${JSON.stringify(observed)}`).toBe(true);
}

async function open(page: Page, o: HostOptions & { name?: string }) {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host(o.name ?? 'host.html', o));
  return issues;
}

const errorDetails = async (page: Page) => (await scEvents(page)).filter((e) => e.type === 'error').map((e) => e.detail as { code: string; message: string });

test.describe('No chat button appears', () => {
  test('an attribute with a bad value: the console names it, nothing renders', async ({ page, apiKey, baseURL }) => {
    const issues = await open(page, { apiKey, analyticsUrl: baseURL!, attrs: { 'data-open': 'maybe' } });
    await expect.poll(() => issues.consoleErrors.length).toBe(1);
    await page.waitForTimeout(500);
    await expect(ui(page).host).toHaveCount(0);
    expectQuoted('No chat button appears', issues.consoleErrors[0]!);
  });

  test('an option without a safe default: the console names it, nothing renders', async ({ page, apiKey, baseURL }) => {
    const init = `SupportCopilot('init', { apiKey: ${JSON.stringify(apiKey)}, analyticsUrl: ${JSON.stringify(baseURL)}, flushDelayMs: 'soon' });`;
    const issues = await open(page, { stub: true, before: init });
    await expect.poll(() => issues.consoleErrors.length).toBe(1);
    await expect(ui(page).host).toHaveCount(0);
    expectQuoted('No chat button appears', issues.consoleErrors[0]!);
  });

  test('no key and no init: nothing starts, nothing said', async ({ page, baseURL }) => {
    const issues = await open(page, { analyticsUrl: baseURL! });
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    await expect(ui(page).host).toHaveCount(0);
    expect(issues.consoleErrors).toEqual([]);
    expect(section('No chat button appears')).toMatch(/no `data-api-key` and no `SupportCopilot\('init', \.\.\.\)`/);
  });
});

test('an option refused alone: the chat button is there, the console and an invalid_input error name the option', async ({ page, apiKey, baseURL }) => {
  const init = `SupportCopilot('init', { apiKey: ${JSON.stringify(apiKey)}, analyticsUrl: ${JSON.stringify(baseURL)}, theme: 'blue' });`;
  const issues = await open(page, { stub: true, before: init });
  await expect(ui(page).launcher).toBeVisible();
  await expect.poll(() => issues.consoleErrors.length).toBe(1);
  const heading = '`Invalid config: <option>: ... (ignored)`';
  expectQuoted(heading, issues.consoleErrors[0]!);
  await expect.poll(() => errorDetails(page)).toEqual([expect.objectContaining({ code: 'invalid_input' })]);
});

test('Old libraries: a page whose Set iteration never ends gets no widget, a quoted error, and a page that still answers', async ({ page, apiKey, baseURL }) => {
  // Before any script of the page: an old polyfill whose iterator never says done.
  await page.addInitScript(() => {
    const it = Object.getPrototypeOf(new Set().values()) as { next: () => IteratorResult<unknown> };
    const next = it.next;
    it.next = function (this: unknown) {
      const r = next.call(this);
      return r.done ? { done: false, value: undefined } : r;
    };
  });
  const issues = await open(page, { apiKey, analyticsUrl: baseURL! });
  await expect.poll(() => errorDetails(page)).toEqual([expect.objectContaining({ code: 'unexpected' })]);
  expectQuoted('Old libraries on the page (Prototype.js, keys on `Object.prototype`)', (await errorDetails(page))[0]!.message);
  await expect(ui(page).host).toHaveCount(0);
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
  expect(issues.pageErrors).toEqual([]);
});

test('The chat button does nothing: the panel file does not load, the panel closes again and the error names the file', async ({ page, apiKey, baseURL }) => {
  await page.route('**/support-copilot-panel.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await open(page, { apiKey, analyticsUrl: baseURL! });
  const u = ui(page);
  await u.launcher.click();
  await expect.poll(() => errorDetails(page)).toEqual([expect.objectContaining({ code: 'panel_unavailable' })]);
  await expect(u.dialog).toBeHidden();
  await expect(u.launcher).toBeVisible();
  expectQuoted('The chat button does nothing', (await errorDetails(page))[0]!.message);
});

test.describe('No answers', () => {
  /** Asks, and returns what the visitor reads in the answer's place and the `chat_error` event's error. */
  async function fails(page: Page, o: HostOptions): Promise<{ visitor: string; error: string | null; console: string[] }> {
    const issues = await open(page, {
      ...o,
      stub: true,
      before: `window.chatErrors = []; SupportCopilot('on', 'chat_error', function (e) { window.chatErrors.push(e.properties.error); });`,
    });
    const u = ui(page);
    await u.launcher.click();
    await u.input.fill('How do I install it?');
    await u.input.press('Enter');
    // The note in the answer's place (a failure is never shown as an answer).
    const note = u.log.locator('.msg.fail .bub p');
    await expect(note).toBeVisible({ timeout: 15_000 });
    const visitor = (await note.textContent())!;
    const error = await page.evaluate(() => (window as unknown as { chatErrors: string[] }).chatErrors[0] ?? null);
    return { visitor, error, console: issues.consoleErrors };
  }

  test('no answer source: the visitor is told, the console says which option', async ({ page, apiKey, baseURL }) => {
    const r = await fails(page, { apiKey, analyticsUrl: baseURL!, chatUrl: '' });
    expectQuoted('No answers', r.visitor);
    expect(r.console).toHaveLength(1);
    expectQuoted('No answers', r.console[0]!);
  });

  test('the chat key is refused (401)', async ({ page, apiKey, baseURL }) => {
    await page.route('**/v1/chat/completions', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"error":{"message":"Invalid API key"}}' }));
    const r = await fails(page, { apiKey, analyticsUrl: baseURL! });
    expectQuoted('No answers', r.visitor);
    expectQuoted('No answers', r.error!);
  });

  test('the chat service cannot be reached (CORS, CSP, down)', async ({ page, apiKey, baseURL }) => {
    await page.route('**/v1/chat/completions', (route) => route.abort('failed'));
    const r = await fails(page, { apiKey, analyticsUrl: baseURL! });
    expectQuoted('No answers', r.visitor);
    expectQuoted('No answers', r.error!);
  });

  test('no answer within answerTimeoutMs', async ({ page, apiKey, baseURL }) => {
    await page.route('**/v1/chat/completions', () => {
      /* never answers */
    });
    const r = await fails(page, { apiKey, analyticsUrl: baseURL!, attrs: { 'data-answer-timeout-ms': '1500' } });
    expectQuoted('No answers', r.visitor);
    expectQuoted('No answers', r.error!);
  });
});
