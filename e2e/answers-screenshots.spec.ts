/**
 * Writes docs/screenshots/*.png: the states of the answers' UI a visitor sees (the welcome,
 * an answer with sources, the "Not helpful" form, an offline wait), desktop 1280x800 and phone
 * 390x844, light and dark. Skipped unless UPDATE_SCREENSHOTS=1, so ordinary runs touch no file:
 *   UPDATE_SCREENSHOTS=1 E2E_PORT=8814 npx playwright test e2e/answers-screenshots.spec.ts --workers=2
 */
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, ui, waitReady, watchPage } from './widget-helpers.ts';
import { SUGGESTED, WELCOME_ATTRS } from './answers-helpers.ts';

const DIR = join(resolve(import.meta.dirname, '..'), 'docs/screenshots');
const DEVICES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

async function open(page: Page, apiKey: string, baseURL: string, theme: 'light' | 'dark') {
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: theme });
  await watchPage(page);
  const hp = await HostPages.install(page);
  const before = `SupportCopilot('init', { suggestedQuestions: ${JSON.stringify(SUGGESTED)} });`;
  await page.goto(hp.host('shots.html', { apiKey, analyticsUrl: baseURL, stub: true, before, attrs: { ...WELCOME_ATTRS, 'data-theme': theme } }));
  await waitReady(page);
  const u = ui(page);
  await page.evaluate(() => (document.body.style.background = 'repeating-linear-gradient(#f6f7f9 0 40px, #eef0f3 40px 80px)'));
  await u.launcher.click();
  await expect(page.getByRole('dialog', { name: 'Acme Help' })).toBeVisible();
}
const shot = async (page: Page, name: string) => {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(DIR, `${name}.png`), animations: 'disabled', caret: 'hide' });
};

for (const [device, viewport] of DEVICES) {
  test.describe(device, () => {
    test.use({ viewport, deviceScaleFactor: 1, ...(device === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
    test.skip(process.env.UPDATE_SCREENSHOTS !== '1', 'set UPDATE_SCREENSHOTS=1 to regenerate docs/screenshots/');

    for (const theme of ['light', 'dark'] as const) {
      test(`empty state and an answer with sources (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        await open(page, apiKey, baseURL!, theme);
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        await expect(dialog.getByRole('group', { name: 'Suggested questions' })).toBeVisible();
        if (theme === 'light') await shot(page, `empty-state-${device}-${theme}`);
        await dialog.getByRole('button', { name: SUGGESTED[1]! }).click();
        await expect(dialog.getByRole('list', { name: 'Sources' })).toBeVisible();
        await expect(dialog.getByRole('button', { name: 'Helpful', exact: true })).toBeVisible();
        await shot(page, `answer-sources-${device}-${theme}`);
      });
    }

    test(`the Not helpful form (${device})`, async ({ page, apiKey, baseURL }) => {
      await open(page, apiKey, baseURL!, 'light');
      const dialog = page.getByRole('dialog', { name: 'Acme Help' });
      await dialog.getByRole('button', { name: SUGGESTED[0]! }).click();
      await dialog.getByRole('button', { name: 'Not helpful', exact: true }).click();
      const form = dialog.getByRole('form', { name: 'What went wrong?' });
      await form.getByRole('button', { name: 'Inaccurate' }).click();
      await form.getByRole('textbox', { name: 'Tell us more' }).fill('The port in the example is wrong.');
      await form.getByRole('button', { name: 'Submit feedback' }).scrollIntoViewIfNeeded();
      await shot(page, `feedback-form-${device}`);
    });

    test(`an offline wait (${device})`, async ({ page, context, apiKey, baseURL }) => {
      await page.route('**/v1/chat/completions', (route) => route.abort('internetdisconnected'));
      await open(page, apiKey, baseURL!, 'light');
      const dialog = page.getByRole('dialog', { name: 'Acme Help' });
      await context.setOffline(true);
      const input = dialog.getByRole('textbox', { name: 'Ask a question' });
      await input.fill('How do I install it?');
      await input.press('Enter');
      await expect(dialog.getByText('You’re offline. We’ll answer as soon as you’re back.')).toBeVisible();
      await shot(page, `offline-wait-${device}`);
      await context.setOffline(false);
    });
  });
}
