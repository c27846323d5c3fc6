/**
 * Writes docs/screenshots/*.png: the states of the answers' UI a visitor sees (the welcome,
 * an answer with sources, a long answer with code and a table, streaming with Stop, the "Not
 * helpful" form, an offline wait, a question not saved, no answer source with the delivery status
 * line, the closed launcher with an unread badge), desktop 1280x800 and phone 390x844, light and
 * dark. Skipped unless UPDATE_SCREENSHOTS is set (1 or all), so ordinary runs touch no file:
 *   UPDATE_SCREENSHOTS=1 E2E_PORT=8814 npx playwright test e2e/answers-screenshots.spec.ts --workers=2
 */
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, sseBody, ui, waitReady, watchPage } from './widget-helpers.ts';
import { SUGGESTED, WELCOME_ATTRS } from './answers-helpers.ts';

const DIR = join(resolve(import.meta.dirname, '..'), 'docs/screenshots');
const DEVICES = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

/** A long answer as answers really come: a heading, a list, inline code, a code block and a table. */
const LONG_ANSWER = [
  '### Install with npm\n\nAdd the package, then create the widget **once**, in the browser:\n\n',
  '1. Run the install in your app.\n2. Create it in an effect (React) or `onMounted` (Vue).\n   - Pass your `apiKey`.\n\n',
  '```ts\nimport { createSupportCopilot } from \'support-copilot-widget\';\nconst copilot = createSupportCopilot({ apiKey: \'WEB_INTEGRATION_KEY\', chat: { url: \'/v1/chat/completions\' } });\n```\n\n',
  '| Option | Default | What it does |\n|---|---|---|\n| `theme` | `auto` | Follows the page\'s color-scheme |\n| `position` | `right` | Which corner the button sits in |\n\n',
  '> Server-side rendering: create it only in the browser.',
];

async function open(page: Page, apiKey: string, baseURL: string, theme: 'light' | 'dark', o: { attrs?: Record<string, string>; init?: string; chatUrl?: string } = {}) {
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: theme });
  await watchPage(page);
  const hp = await HostPages.install(page);
  const before = `SupportCopilot('init', { suggestedQuestions: ${JSON.stringify(SUGGESTED)}${o.init ?? ''} });`;
  const attrs = { ...WELCOME_ATTRS, 'data-theme': theme, ...o.attrs };
  await page.goto(hp.host('shots.html', { apiKey, analyticsUrl: baseURL, stub: true, before, attrs, ...(o.chatUrl === undefined ? {} : { chatUrl: o.chatUrl }) }));
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
    test.skip(!process.env.UPDATE_SCREENSHOTS, 'set UPDATE_SCREENSHOTS=1 to regenerate docs/screenshots/');

    for (const theme of ['light', 'dark'] as const) {
      test(`empty state and an answer with sources (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        await open(page, apiKey, baseURL!, theme);
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        await expect(dialog.getByRole('group', { name: 'Suggested questions' })).toBeVisible();
        await shot(page, `empty-state-${device}-${theme}`);
        await dialog.getByRole('button', { name: SUGGESTED[1]! }).click();
        await expect(dialog.getByRole('list', { name: 'Sources' })).toBeVisible();
        await expect(dialog.getByRole('button', { name: 'Helpful', exact: true })).toBeVisible();
        // A long answer is left with its start in view: scroll to what this shot is named after.
        await dialog.getByRole('button', { name: 'Helpful', exact: true }).scrollIntoViewIfNeeded();
        await shot(page, `answer-sources-${device}-${theme}`);
      });
    }

    for (const theme of ['light', 'dark'] as const) {
      // The light ones keep the names they were first committed under.
      const suffix = theme === 'light' ? device : `${device}-dark`;

      test(`the Not helpful form (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        await open(page, apiKey, baseURL!, theme);
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        await dialog.getByRole('button', { name: SUGGESTED[0]! }).click();
        await dialog.getByRole('button', { name: 'Not helpful', exact: true }).click();
        const form = dialog.getByRole('form', { name: 'What went wrong?' });
        await form.getByRole('button', { name: 'Inaccurate' }).click();
        await form.getByRole('textbox', { name: 'Tell us more' }).fill('The port in the example is wrong.');
        await form.getByRole('button', { name: 'Submit feedback' }).scrollIntoViewIfNeeded();
        await shot(page, `feedback-form-${suffix}`);
      });

      test(`an offline wait (${device}, ${theme})`, async ({ page, context, apiKey, baseURL }) => {
        await page.route('**/v1/chat/completions', (route) => route.abort('internetdisconnected'));
        await open(page, apiKey, baseURL!, theme);
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        await context.setOffline(true);
        const input = dialog.getByRole('textbox', { name: 'Ask a question' });
        await input.fill('How do I install it?');
        await input.press('Enter');
        await expect(dialog.getByText('You’re offline. We’ll answer as soon as you’re back.')).toBeVisible();
        await shot(page, `offline-wait-${suffix}`);
        await context.setOffline(false);
      });

      test(`a long answer with code and a table (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        await page.route('**/v1/chat/completions', (route) => route.fulfill({ contentType: 'text/event-stream', body: sseBody(LONG_ANSWER) }));
        await open(page, apiKey, baseURL!, theme);
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        await dialog.getByRole('button', { name: SUGGESTED[1]! }).click();
        await expect(dialog.getByRole('table')).toBeVisible();
        await expect(dialog.getByRole('button', { name: 'Helpful', exact: true })).toBeVisible();
        await dialog.getByRole('heading', { name: 'Install with npm' }).scrollIntoViewIfNeeded();
        await shot(page, `long-answer-${device}-${theme}`);
      });

      test(`streaming, with the typing dots and Stop (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        // The answer never starts: what a visitor sees while waiting for the first words.
        await page.route('**/v1/chat/completions', () => undefined);
        await open(page, apiKey, baseURL!, theme);
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        await dialog.getByRole('button', { name: SUGGESTED[0]! }).click();
        await expect(dialog.getByRole('button', { name: 'Stop generating' })).toBeVisible();
        await expect(dialog.getByText('Assistant is typing')).toBeAttached();
        await shot(page, `streaming-${device}-${theme}`);
      });

      test(`no answer source, with the delivery status line (${device}, ${theme})`, async ({ page, apiKey, baseURL, collector }) => {
        await collector.fault({ path: '/conversations', status: 500, count: -1 });
        await open(page, apiKey, baseURL!, theme, { chatUrl: '', attrs: { 'data-show-delivery-status': 'true' } });
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        await dialog.getByRole('button', { name: SUGGESTED[0]! }).click();
        await expect(dialog.getByText(/No assistant is available here yet/)).toBeVisible();
        await expect(dialog.getByText('1 message waiting to be delivered')).toBeVisible();
        await shot(page, `no-answer-source-${device}-${theme}`);
      });

      test(`a question not saved (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        // Room for the conversation, not for a long question: the outbox refuses it (storage_full).
        await open(page, apiKey, baseURL!, theme, { init: ', maxStoredBytes: 1500' });
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        const input = dialog.getByRole('textbox', { name: 'Ask a question' });
        await input.fill(`My install fails with this log, can you tell me why? ${'npm ERR! code ERESOLVE '.repeat(60)}`);
        await input.press('Enter');
        await expect(dialog.getByText(/^Not sent yet:/)).toBeVisible();
        await shot(page, `not-saved-${device}-${theme}`);
      });

      test(`the closed launcher with an unread badge (${device}, ${theme})`, async ({ page, apiKey, baseURL }) => {
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        await page.route('**/v1/chat/completions', async (route) => {
          await gate;
          await route.fulfill({ contentType: 'text/event-stream', body: sseBody(['Here ', 'it is.']) });
        });
        await open(page, apiKey, baseURL!, theme);
        const dialog = page.getByRole('dialog', { name: 'Acme Help' });
        await dialog.getByRole('button', { name: SUGGESTED[0]! }).click();
        await dialog.getByRole('button', { name: 'Close chat' }).first().click();
        await expect(dialog).toBeHidden();
        release();
        await expect(page.locator('[data-support-copilot] .badge')).toHaveText('1');
        await shot(page, `unread-badge-${device}-${theme}`);
      });
    }
  });
}
