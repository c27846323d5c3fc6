/**
 * Writes docs/screenshots/*.png of issue 23's states, on the demo help centre itself (index.html,
 * as a visitor sees it): the welcome (logo, greeting, suggested questions, disclaimer), an answer
 * with source cards that say where each article sits, the help offered under an "I don't know"
 * answer, the contact form's confirmation focused, a long answer read from its start with "Jump to
 * latest", and a wide table's fade on a phone. Desktop 1280x800 and phone 390x844, light and dark
 * (the demo page declares a light scheme; dark is the widget's `theme: 'dark'`). Skipped unless
 * UPDATE_SCREENSHOTS is set:
 *   UPDATE_SCREENSHOTS=all E2E_PORT=8851 npx playwright test e2e/showcase-screenshots.spec.ts --workers=1
 */
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

const DIR = join(resolve(import.meta.dirname, '..'), 'docs/screenshots');
const BRAND = 'Acme Cloud';

const shot = async (page: Page, name: string) => {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(DIR, `${name}.png`), animations: 'disabled', caret: 'hide' });
};

/** A long streamed answer (ten sections), then a wide table, for the chat endpoint. */
function sse(text: string): string {
  const pieces = text.match(/[^]{1,60}/g)!;
  return pieces.map((c) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: c } }] })}\n\n`).join('') + 'data: [DONE]\n\n';
}
const LONG = Array.from({ length: 10 }, (_, i) => `**Step ${i + 1}.** Open **Settings → Domains**, check the record, and wait for the status to change before the next step.\n\n`).join('');
const TABLE = 'Here are the plans side by side:\n\n| Plan | Price | Projects | Bandwidth | Build minutes | Regions | Support |\n|---|---|---|---|---|---|---|\n| Hobby | free | 1 | 100 GB | 500 | 1 | community |\n| Pro | $20 per member | unlimited | 1 TB | 6,000 | 3 | email |\n| Business | $50 per member | unlimited | 5 TB | 30,000 | all | 24/7 |\n';

async function openDemo(page: Page, theme: 'light' | 'dark'): Promise<ReturnType<Page['getByRole']>> {
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: theme });
  await page.goto('/?dev=0');
  if (theme === 'dark') await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string, o: unknown) => void }).SupportCopilot('update', { theme: 'dark' }));
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const dialog = page.getByRole('dialog', { name: BRAND });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function ask(page: Page, question: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: BRAND });
  const done = dialog.locator('.msg:not(.user) .acts');
  const before = await done.count();
  await dialog.getByRole('textbox', { name: 'Ask a question' }).fill(question);
  await dialog.getByRole('textbox', { name: 'Ask a question' }).press('Enter');
  await expect(done).toHaveCount(before + 1, { timeout: 15_000 });
}

for (const [device, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test.describe(device, () => {
    test.use({ viewport, deviceScaleFactor: 1, ...(device === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
    test.skip(!process.env.UPDATE_SCREENSHOTS, 'set UPDATE_SCREENSHOTS=1 to regenerate docs/screenshots/');

    for (const theme of process.env.UPDATE_SCREENSHOTS === 'all' ? (['light', 'dark'] as const) : (['light'] as const)) {
      const suffix = `${device}-${theme}`;

      test(`demo: welcome, source paths, a person after "I don't know", the confirmation (${suffix})`, async ({ page }) => {
        const dialog = await openDemo(page, theme);
        await expect(dialog.getByRole('group', { name: 'Suggested questions' })).toBeVisible();
        await shot(page, `demo-welcome-${suffix}`);
        await ask(page, 'I get 502 Bad Gateway');
        await dialog.getByRole('list', { name: 'Sources' }).last().scrollIntoViewIfNeeded();
        await shot(page, `demo-source-paths-${suffix}`);
        await ask(page, 'What is your refund policy for annual plans?');
        await expect(dialog.getByRole('group', { name: 'Get help' })).toBeVisible();
        await shot(page, `demo-help-offer-${suffix}`);
        await dialog.getByRole('group', { name: 'Get help' }).getByRole('button', { name: 'Contact support' }).click();
        await dialog.getByRole('textbox', { name: 'Name' }).fill('Ada Lovelace');
        await dialog.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
        await dialog.getByRole('button', { name: 'Send to support' }).click();
        await expect(dialog.locator('.note.sent')).toBeFocused();
        await shot(page, `demo-contact-sent-${suffix}`);
      });

      test(`a long answer from its start, with Jump to latest; a wide table's fade (${suffix})`, async ({ page }) => {
        await page.route('**/v1/chat/completions', async (route) => {
          const question = JSON.stringify(route.request().postDataJSON());
          await route.fulfill({ contentType: 'text/event-stream', body: sse(/plans/.test(question) ? TABLE : LONG) });
        });
        const dialog = await openDemo(page, theme);
        await ask(page, 'How do I move my domain, step by step?');
        await expect(dialog.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
        await shot(page, `long-answer-start-${suffix}`);
        await dialog.getByRole('button', { name: 'Jump to latest' }).click();
        await ask(page, 'Compare the plans');
        await dialog.locator('.tblw').last().scrollIntoViewIfNeeded();
        await shot(page, `wide-table-${suffix}`);
      });
    }
  });
}
