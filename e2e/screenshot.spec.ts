/**
 * Writes docs/screenshot.png (the README's picture): the demo page with the chat open and an
 * answer. Skipped unless UPDATE_SCREENSHOT=1, so ordinary runs never touch the file:
 *   UPDATE_SCREENSHOT=1 E2E_PORT=8805 npx playwright test e2e/screenshot.spec.ts
 */
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures.ts';

const OUT = join(resolve(import.meta.dirname, '..'), 'docs/screenshot.png');

test.use({ viewport: { width: 1200, height: 760 }, deviceScaleFactor: 1 });

test('docs/screenshot.png: the demo with the chat open and an answer', async ({ page }) => {
  test.skip(process.env.UPDATE_SCREENSHOT !== '1', 'set UPDATE_SCREENSHOT=1 to regenerate docs/screenshot.png');
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' });
  await page.goto('/?dev=0');
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Acme Cloud' });
  const input = dialog.getByRole('textbox', { name: 'Ask a question' });
  await input.fill('I get 502 Bad Gateway');
  await input.press('Enter');
  await expect(dialog.getByRole('link', { name: 'Fix “502 Bad Gateway” after a deploy' }).first()).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Helpful', exact: true })).toBeVisible();
  // The answer is left at its start; the picture shows its end: the source cards with where each page sits.
  await dialog.getByRole('button', { name: 'Helpful', exact: true }).scrollIntoViewIfNeeded();
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: OUT, animations: 'disabled', caret: 'hide' });
});
