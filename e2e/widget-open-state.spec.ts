/**
 * The panel's open state survives a reload, per tab (sessionStorage), as the peers' messengers do:
 * opened, reloaded, it is open again (without taking the page's focus); closed, it stays closed; a
 * new tab starts closed; with sessionStorage blocked (it throws) nothing breaks and nothing is remembered.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, ui, waitReady, watchPage } from './widget-helpers.ts';

async function load(page: Page, apiKey: string, baseURL: string, o: { blockSession?: boolean } = {}) {
  const issues = await watchPage(page);
  if (o.blockSession) {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'sessionStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
    });
  }
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL, chatUrl: '' }));
  await waitReady(page);
  return issues;
}

test('open, reload: open again, focus left to the page; closed, reload: closed; another tab: closed', async ({ page, apiKey, baseURL }) => {
  const issues = await load(page, apiKey, baseURL!);
  const u = ui(page);
  await u.launcher.click();
  await expect(u.dialog).toBeVisible();
  await page.reload();
  await waitReady(page);
  await expect(u.dialog).toBeVisible();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await u.close.click();
  await page.reload();
  await waitReady(page);
  await expect(u.launcher).toBeVisible();
  await expect(u.dialog).toBeHidden();
  // Open here, and a second tab of the same site starts closed (sessionStorage is per tab).
  await u.launcher.click();
  const other = await page.context().newPage();
  await load(other, apiKey, baseURL!);
  await expect(ui(other).launcher).toBeVisible();
  await expect(ui(other).dialog).toBeHidden();
  expect(issues.pageErrors).toEqual([]);
});

test('sessionStorage blocked: the panel opens and closes, nothing thrown, not remembered', async ({ page, apiKey, baseURL }) => {
  const issues = await load(page, apiKey, baseURL!, { blockSession: true });
  const u = ui(page);
  await u.launcher.click();
  await expect(u.dialog).toBeVisible();
  await page.reload();
  await waitReady(page);
  await expect(u.dialog).toBeHidden();
  expect(issues.pageErrors).toEqual([]);
});
