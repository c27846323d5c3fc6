/**
 * Screenshots of the closed and open widget on a desktop and a phone viewport. Deterministic:
 * fixed light theme, reduced motion, animations disabled, caret hidden, an empty conversation.
 * Baselines: e2e/widget-visual.spec.ts-snapshots/ (regenerate with `--update-snapshots`).
 */
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { HostPages, watchPage, waitReady, ui } from './widget-helpers.ts';

const SHOT = { maxDiffPixelRatio: 0.01, animations: 'disabled', caret: 'hide', scale: 'css' } as const;

async function load(page: Page, apiKey: string, baseURL: string): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
  await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL, attrs: { 'data-theme': 'light' } }));
  await waitReady(page);
  await page.evaluate(() => document.fonts.ready);
}

for (const [device, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test.describe(device, () => {
    test.use({ viewport, deviceScaleFactor: 1, ...(device === 'phone' ? { isMobile: true, hasTouch: true } : {}) });

    test(`closed and open widget (${device})`, async ({ page, apiKey, baseURL }) => {
      await load(page, apiKey, baseURL!);
      const u = ui(page);
      await expect(u.launcher).toBeVisible();
      await page.mouse.move(0, 0);
      await expect(page).toHaveScreenshot(`closed-${device}.png`, SHOT);
      await u.launcher.click();
      await expect(u.dialog).toBeVisible();
      await expect(u.log).toContainText('Hi! How can we help?');
      await expect(u.input).toBeFocused();
      await page.mouse.move(0, 0);
      if (device === 'phone') {
        // Full screen on a phone.
        const box = (await u.dialog.boundingBox())!;
        expect(box).toEqual({ x: 0, y: 0, width: viewport.width, height: viewport.height });
      }
      await expect(page).toHaveScreenshot(`open-${device}.png`, SHOT);
    });
  });
}
