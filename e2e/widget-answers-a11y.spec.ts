/**
 * Accessibility of the answers' controls (issue 12): axe-core finds no violation with each new
 * control visible (the welcome and suggested questions, Stop generating, source cards, code blocks
 * with Copy code, the Copied confirmation, Regenerate, the Not helpful form, a failure note with
 * Retry, the disclaimer), light and dark; and each is usable from the keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, ui, waitReady, watchPage } from './widget-helpers.ts';
import { CONTROLLED_ANSWER, setAnswer, SUGGESTED, WELCOME_ATTRS } from './answers-helpers.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const LOGO = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="6" fill="%231f4fcc"/></svg>');
const RICH = 'Install it:\n\n```sh\nnpm install support-copilot-widget --save-exact --registry https://registry.npmjs.org/ # a long line that scrolls\n```\n\nSee [the guide](https://example.com/guide) and [the API](https://example.com/api).';

async function axe(page: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary}`).join(' || ')}`);
  expect(found, what).toEqual([]);
}

async function open(page: Page, apiKey: string, baseURL: string, theme: string) {
  await page.emulateMedia({ colorScheme: theme as 'light' | 'dark' });
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  const before = `SupportCopilot('init', { suggestedQuestions: ${JSON.stringify(SUGGESTED)}, logoUrl: ${JSON.stringify(LOGO)} });` + CONTROLLED_ANSWER;
  await page.goto(hp.host('a11y.html', { apiKey, analyticsUrl: baseURL, stub: true, before, attrs: { ...WELCOME_ATTRS, 'data-theme': theme } }));
  await waitReady(page);
  const u = ui(page);
  const dialog = page.getByRole('dialog', { name: 'Acme Help' });
  return { u, dialog, log: dialog.getByRole('log'), input: dialog.getByRole('textbox', { name: 'Ask a question' }), issues };
}

// axe over an animated panel (the typing dots while an answer streams) took 45 s under load, 6 s with
// the animation still: these tests emulate reduced motion (what they check does not move). Two tests
// per theme (one ran axe five times and came near its timeout on a loaded machine).
for (const theme of ['light', 'dark']) {
  test.describe(() => {
    test.use({ reducedMotion: 'reduce' });

    test(`axe: no violations on the welcome and while an answer streams (${theme})`, async ({ page, apiKey, baseURL }) => {
      const { u, dialog } = await open(page, apiKey, baseURL!, theme);
      await u.launcher.click();
      await expect(dialog.getByRole('group', { name: 'Suggested questions' })).toBeVisible();
      await axe(page, 'welcome, suggested questions, logo, subtitle, disclaimer');

      await setAnswer(page, { chunks: ['Working on it'], hold: true });
      await dialog.getByRole('button', { name: SUGGESTED[0]! }).click();
      await expect(dialog.getByRole('button', { name: 'Stop generating' })).toBeVisible();
      await axe(page, 'streaming, Stop generating');
      await setAnswer(page, { release: true });
    });

    test(`axe: no violations with sources, code, feedback and a failure note (${theme})`, async ({ page, context, apiKey, baseURL }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
      const { u, dialog, log } = await open(page, apiKey, baseURL!, theme);
      await u.launcher.click();
      await setAnswer(page, { chunks: [RICH] });
      await dialog.getByRole('button', { name: SUGGESTED[0]! }).click();
      await expect(log.getByRole('list', { name: 'Sources' })).toHaveCount(1);
      await log.getByRole('button', { name: 'Copy answer' }).last().click();
      await expect(log.getByText('Copied', { exact: true })).toBeVisible();
      await axe(page, 'sources, code block, Copy code, Copied, Regenerate');

      await log.getByRole('button', { name: 'Not helpful', exact: true }).last().click();
      const form = dialog.getByRole('form', { name: 'What went wrong?' });
      await form.getByRole('button', { name: 'Inaccurate' }).click();
      await axe(page, 'the Not helpful form with a reason pressed');
      await form.getByRole('button', { name: 'Submit feedback' }).click();
      await expect(dialog.getByText('Thanks, your feedback helps us improve.')).toBeVisible();

      await setAnswer(page, { fail: true });
      const input = dialog.getByRole('textbox', { name: 'Ask a question' });
      await input.fill('Something else');
      await input.press('Enter');
      await expect(log.getByRole('button', { name: 'Retry' })).toBeVisible();
      await axe(page, 'a failure note with Retry');
    });
  });
}

test('keyboard only: suggested question, Stop generating, Regenerate, Copy answer, Copy code, a source card, Retry', async ({ page, context, apiKey, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  const { u, dialog, log, input, issues } = await open(page, apiKey, baseURL!, 'light');
  await u.launcher.focus();
  await page.keyboard.press('Enter');
  const group = dialog.getByRole('group', { name: 'Suggested questions' });
  await expect(group).toBeVisible();
  // From the question box, Shift+Tab goes back to the suggestions (in the log, before the box).
  await expect(input).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(group.getByRole('button').last()).toBeFocused();
  await setAnswer(page, { chunks: ['Half an answer'], hold: true });
  await page.keyboard.press('Enter');
  await expect(log).toContainText('Half an answer');
  const stop = dialog.getByRole('button', { name: 'Stop generating' });
  await stop.focus();
  await page.keyboard.press('Enter');
  await expect(log.getByText('Stopped', { exact: true })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Send' })).toBeFocused();

  await setAnswer(page, { chunks: [RICH], hold: false });
  await log.getByRole('button', { name: 'Regenerate' }).focus();
  await page.keyboard.press('Enter');
  await expect(log.getByRole('list', { name: 'Sources' })).toBeVisible();
  const copyAnswer = log.getByRole('button', { name: 'Copy answer' }).last();
  await copyAnswer.focus();
  await page.keyboard.press('Enter');
  await expect(log.getByText('Copied', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('See the guide (https://example.com/guide)');
  await log.getByRole('button', { name: 'Copy code' }).focus();
  await page.keyboard.press('Space');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^npm install support-copilot-widget/);
  // The code block itself takes focus, so a long line can be scrolled with the arrow keys.
  await page.keyboard.press('Tab');
  await expect(log.locator('pre')).toBeFocused();
  const card = log.getByRole('list', { name: 'Sources' }).getByRole('link').first();
  await card.focus();
  const popup = page.waitForEvent('popup');
  await page.keyboard.press('Enter');
  await (await popup).close();

  await setAnswer(page, { fail: true });
  await input.focus();
  await page.keyboard.type('Another question');
  await page.keyboard.press('Enter');
  const retry = log.getByRole('button', { name: 'Retry' });
  await retry.focus();
  await setAnswer(page, { fail: false, chunks: ['Fine now'] });
  await page.keyboard.press('Enter');
  await expect(log).toContainText('Fine now');
  await expect(retry).toHaveCount(0);
  expect(issues.pageErrors).toEqual([]);
});
