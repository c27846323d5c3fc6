/**
 * Accessibility: axe-core finds no violations with the panel open (light, dark, and "auto" under
 * a dark system scheme), and the widget works from the keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, watchPage, waitReady, ui, INSTALL_ANSWER } from './widget-helpers.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const summary = (violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary}`).join(' || ')}`);

/** Host page, theme, panel open with a conversation: a markdown answer (code block, link), actions, pressed feedback. */
async function openWithAnswer(page: Page, apiKey: string, baseURL: string, theme: string): Promise<void> {
  await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL, attrs: { 'data-theme': theme } }));
  await waitReady(page);
  const u = ui(page);
  const closed = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(summary(closed.violations), 'closed (launcher only)').toEqual([]);
  await u.launcher.click();
  await expect(u.dialog).toBeVisible();
  const empty = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(summary(empty.violations), 'open, empty conversation').toEqual([]);
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  await expect(u.log).toContainText(INSTALL_ANSWER);
  await u.helpful.click();
  await expect(u.helpful).toHaveAttribute('aria-pressed', 'true');
}

for (const [theme, scheme] of [['light', 'light'], ['dark', 'dark'], ['auto', 'dark']] as const) {
  test(`axe finds no violations with the panel open (theme ${theme}, system ${scheme})`, async ({ page, apiKey, baseURL }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openWithAnswer(page, apiKey, baseURL!, theme);
    // axe's color-contrast aborts on text scrolled inside a wide code block ("Element midpoint exceeds
    // the grid bounds", dequelabs/axe-core#4253) and then checks nothing at all; let the code wrap
    // for this pass only (colours unchanged). The block's scrolling has its own test below.
    await page.evaluate(() => {
      const root = document.querySelector('[data-support-copilot]')!.shadowRoot!;
      const wrap = new CSSStyleSheet();
      wrap.replaceSync('pre { white-space: pre-wrap; overflow: visible; }');
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, wrap];
    });
    // scrollable-region-focusable is checked on its own below (a known bug).
    const open = await new AxeBuilder({ page }).withTags(TAGS).disableRules(['scrollable-region-focusable']).analyze();
    expect(summary(open.violations)).toEqual([]);
    // The dialog really was analysed: axe reaches into the open shadow root.
    expect(open.passes.some((p) => p.nodes.some((n) => JSON.stringify(n.target).includes('textarea')))).toBe(true);
    expect(open.passes.some((p) => p.id === 'color-contrast')).toBe(true);
  });
}

test('axe: a code block in an answer is a keyboard-reachable scrollable region', async ({ page, apiKey, baseURL }) => {
  // BUG: the answer's fenced code block renders as <pre> (src/ui/panel/markdown.tsx:86) styled
  // `pre{overflow-x:auto}` (src/ui/panel/panel-styles.ts:20); the install answer's long line makes it
  // scroll horizontally, but it has no tabindex and no focusable content, so keyboard users cannot
  // scroll it. axe: scrollable-region-focusable (serious), target `div[data-support-copilot], pre`.
  // Expected: no violation (e.g. `tabIndex={0}` on <pre>, or wrap long lines).
  await openWithAnswer(page, apiKey, baseURL!, 'light');
  const open = await new AxeBuilder({ page }).withRules(['scrollable-region-focusable']).analyze();
  expect(summary(open.violations)).toEqual([]);
});

test('keyboard only: Tab to the launcher, Enter opens, Enter sends, Shift+Enter newline, Escape closes', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, body: '<a href="#top">Host link</a>' }));
  await waitReady(page);
  const u = ui(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Host link' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(u.launcher).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(u.dialog).toBeVisible();
  await expect(u.input).toBeFocused();
  // Shift+Enter: a newline, nothing sent.
  await page.keyboard.type('first line');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second line');
  await expect(u.input).toHaveValue('first line\nsecond line');
  await expect(u.log.locator('.msg')).toHaveCount(0);
  // Enter: sends; the textarea empties and keeps focus.
  await page.keyboard.press('Enter');
  await expect(u.input).toHaveValue('');
  await expect(u.log.locator('.msg.user')).toHaveCount(1);
  await expect(u.log.locator('.msg.user .bub')).toHaveText('first line\nsecond line');
  await expect(u.input).toBeFocused();
  await expect(u.helpful).toBeVisible();
  // Enter on an empty textarea sends nothing.
  await page.keyboard.press('Enter');
  await expect(u.log.locator('.msg.user')).toHaveCount(1);
  // Tab moves on from the textarea to Send; the answer's actions work from the keyboard.
  await page.keyboard.press('Tab');
  await expect(u.send).toBeFocused();
  await u.helpful.focus();
  await page.keyboard.press('Enter');
  await expect(u.helpful).toHaveAttribute('aria-pressed', 'true');
  // Escape from anywhere in the panel closes; focus returns to the launcher.
  await page.keyboard.press('Escape');
  await expect(u.dialog).toBeHidden();
  await expect(u.launcher).toBeFocused();
  // Space opens too; Escape from the textarea closes.
  await page.keyboard.press('Space');
  await expect(u.input).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(u.dialog).toBeHidden();
  await expect(u.launcher).toBeFocused();
  // The Close chat button by keyboard: focus goes back to the launcher as well.
  await page.keyboard.press('Enter');
  await expect(u.input).toBeFocused();
  await u.close.focus();
  await page.keyboard.press('Enter');
  await expect(u.dialog).toBeHidden();
  await expect(u.launcher).toBeFocused();
  expect(issues.consoleErrors).toEqual([]);
});
