/**
 * The panel never throws into the page: an error in one of its Preact event handlers (which Preact
 * adds to the DOM itself, out of reach of scripts/browser-callbacks.test.ts) is reported as a
 * `support-copilot:error`, not as the page's uncaught error; one in a render shows the panel's
 * error line instead of looping or reaching the page. Made to happen with a built-in the page
 * breaks after the widget started (a key event's `key` getter, `matchMedia`).
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, scEvents, ui, waitReady, watchPage } from './widget-helpers.ts';

async function start(page: Page, apiKey: string, baseURL: string) {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL, chatUrl: '' }));
  await waitReady(page);
  const reported = async () => (await scEvents(page)).filter((e) => e.type === 'error').map((e) => String(e.detail.message)).join('\n');
  return { issues, reported };
}

test('a throwing event handler in the panel is reported, never thrown into the page, and the panel goes on', async ({ page, apiKey, baseURL }) => {
  const { issues, reported } = await start(page, apiKey, baseURL!);
  const u = ui(page);
  await u.launcher.click();
  // The composer's keydown handler reads `key` (Enter sends).
  await page.evaluate(() => Object.defineProperty(KeyboardEvent.prototype, 'key', { configurable: true, get: () => { throw new TypeError('key is broken by the page'); } }));
  await u.input.press('a');
  await expect.poll(reported).toContain('key is broken by the page');
  expect(issues.pageErrors).toEqual([]);
  await page.evaluate(() => delete (KeyboardEvent.prototype as { key?: unknown }).key);
  await u.input.fill('still here');
  await expect(u.send).toBeEnabled();
});

test('with what tells whose an element is gone too (currentTarget, getRootNode), a throwing handler of the one panel is still reported, not thrown', async ({ page, apiKey, baseURL }) => {
  const { issues, reported } = await start(page, apiKey, baseURL!);
  const u = ui(page);
  await u.launcher.click();
  await u.input.focus();
  await page.evaluate(() => {
    Object.defineProperty(KeyboardEvent.prototype, 'key', { configurable: true, get: () => { throw new TypeError('key is broken by the page'); } });
    delete (Event.prototype as { currentTarget?: unknown }).currentTarget;
    delete (Node.prototype as { getRootNode?: unknown }).getRootNode;
  });
  await page.keyboard.press('a');
  await expect.poll(reported).toContain('key is broken by the page');
  expect(issues.pageErrors).toEqual([]);
});

test('a throwing render in the panel shows its error in the panel frame and is reported, never thrown into the page; Try again gives the chat back once the fault has passed', async ({ page, apiKey, baseURL }) => {
  const { issues, reported } = await start(page, apiKey, baseURL!);
  const u = ui(page);
  // The panel's first render asks matchMedia whether it is full screen (a phone).
  await page.evaluate(() => {
    (window as { realMatchMedia?: typeof matchMedia }).realMatchMedia = window.matchMedia;
    window.matchMedia = () => { throw new TypeError('matchMedia is broken by the page'); };
  });
  await u.launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  const alert = dialog.getByRole('alert').filter({ hasText: 'Something went wrong' });
  await expect(alert).toBeVisible();
  await expect.poll(reported).toContain('matchMedia is broken by the page');
  const count = async () => (await reported()).split('matchMedia is broken').length - 1;
  const before = await count();
  // Still broken: Try again shows the note again (and reports again), it does not loop or throw.
  await dialog.getByRole('button', { name: 'Try again' }).click();
  await expect(alert).toBeVisible();
  await expect.poll(count).toBeGreaterThan(before);
  // Close works from the note, and the launcher opens it again.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await u.launcher.click();
  await expect(alert).toBeVisible();
  await page.evaluate(() => (window.matchMedia = (window as { realMatchMedia?: typeof matchMedia }).realMatchMedia!));
  await dialog.getByRole('button', { name: 'Try again' }).click();
  await expect(u.input).toBeVisible();
  await expect(alert).toBeHidden();
  expect(issues.pageErrors).toEqual([]);
});

test('with a DOM member broken that even the last boundary needs (parentNode), the render error is reported, never thrown into the page from the render queue', async ({ page, apiKey, baseURL }) => {
  const { issues, reported } = await start(page, apiKey, baseURL!);
  const u = ui(page);
  await u.launcher.click();
  await expect(u.input).toBeVisible();
  // Preact reads parentNode where it places a new node: the question's row, then the boundaries' notes.
  await page.evaluate(() => Object.defineProperty(Node.prototype, 'parentNode', { configurable: true, get: () => { throw new TypeError('parentNode is broken by the page'); } }));
  await u.input.fill('Where is my invoice?');
  await u.input.press('Enter');
  await expect.poll(reported).toContain('parentNode is broken by the page');
  expect(issues.pageErrors).toEqual([]);
});
