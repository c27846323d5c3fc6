/**
 * Writes docs/screenshots/*.png for the answer states of issue 19: sources from a tool call, the
 * Thinking state, a cut-off answer with its notice, a permanent failure; desktop 1280x800 and
 * phone 390x844, light and dark. A host `answer` yields the parts (answer-parts-helpers.ts).
 * Skipped unless UPDATE_SCREENSHOTS is set, so ordinary runs touch no file:
 *   UPDATE_SCREENSHOTS=1 E2E_PORT=8831 npx playwright test e2e/answer-endings-screenshots.spec.ts --workers=1
 */
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, ui, waitReady, watchPage } from './widget-helpers.ts';
import { WELCOME_ATTRS } from './answers-helpers.ts';
import { PARTS_ANSWER, setParts, SOURCED } from './answer-parts-helpers.ts';

const DIR = join(resolve(import.meta.dirname, '..'), 'docs/screenshots');
const DEVICES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

async function open(page: Page, apiKey: string, baseURL: string, theme: 'light' | 'dark', parts: unknown[], hold = false) {
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: theme });
  await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('endings.html', { apiKey, analyticsUrl: baseURL, stub: true, before: PARTS_ANSWER, attrs: { ...WELCOME_ATTRS, 'data-theme': theme } }));
  await waitReady(page);
  await page.evaluate(() => (document.body.style.background = 'repeating-linear-gradient(#f6f7f9 0 40px, #eef0f3 40px 80px)'));
  await ui(page).launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Acme Help' });
  await expect(dialog).toBeVisible();
  await setParts(page, { parts: parts as never, hold });
  const input = dialog.getByRole('textbox', { name: 'Ask a question' });
  await input.fill('How do I install the widget?');
  await input.press('Enter');
  return dialog;
}
const shot = async (page: Page, name: string) => {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(DIR, `${name}.png`), animations: 'disabled', caret: 'hide' });
};

for (const [device, viewport] of DEVICES) {
  test.describe(device, () => {
    test.use({ viewport, deviceScaleFactor: 1, ...(device === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
    test.skip(!process.env.UPDATE_SCREENSHOTS, 'set UPDATE_SCREENSHOTS=1 to regenerate docs/screenshots/');

    for (const theme of ['light', 'dark'] as const) {
      test(`sources from a tool call (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        const dialog = await open(page, apiKey, baseURL!, theme, SOURCED);
        await expect(dialog.getByRole('list', { name: 'Sources' }).getByRole('link')).toHaveCount(2);
        await expect(dialog.getByRole('button', { name: 'Helpful', exact: true })).toBeVisible();
        await shot(page, `answer-tool-sources-${device}-${theme}`);
      });

      test(`thinking (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        const dialog = await open(page, apiKey, baseURL!, theme, [{ type: 'reasoning-delta', delta: 'The visitor asks how to install the widget. The install guide covers the script tag; single-page apps have their own page.' }], true);
        await expect(dialog.getByText('Thinking…')).toBeVisible();
        await shot(page, `answer-thinking-${device}-${theme}`);
        await dialog.getByText('Thinking…').click();
        await shot(page, `answer-thinking-open-${device}-${theme}`);
      });

      test(`a cut-off answer (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        const dialog = await open(page, apiKey, baseURL!, theme, [
          'To install the widget:\n\n1. Add the script tag before `</body>`, with your key in `data-api-key`.\n2. Point `data-chat-url` at your chat endpoint.\n3. Open the page and click the ',
          { type: 'finish', reason: 'length' },
        ]);
        await expect(dialog.getByText('This answer was cut off because it got too long.')).toBeVisible();
        await shot(page, `answer-cut-off-${device}-${theme}`);
      });

      test(`a permanent failure (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        const dialog = await open(page, apiKey, baseURL!, theme, [{ type: 'error', message: 'prompt is too long', permanent: true }]);
        await expect(dialog.getByText('The assistant could not answer this question.')).toBeVisible();
        await shot(page, `answer-permanent-failure-${device}-${theme}`);
      });
    }
  });
}
