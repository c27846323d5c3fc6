/**
 * Keyboard only, in each view (issue 23 item 2, WAI-ARIA's dialog pattern): no mouse anywhere
 * here. Tab follows reading order (an answer, its sources, its actions, the offer, then the
 * composer, then the launcher); focus moves to what replaces a sent form and never falls to the
 * page; Escape closes from anywhere inside and focus returns to the launcher; full screen (a phone)
 * the dialog is modal and Tab stays inside it.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { around, helpInit } from './around-helpers.ts';
import { HostPages, watchPage, waitReady } from './widget-helpers.ts';

/** The focused element, through open shadow roots: its accessible-ish name, role and whether it is inside the dialog. */
async function focused(page: Page): Promise<{ name: string; tag: string; inDialog: boolean; onPage: boolean }> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const label = (el as HTMLInputElement | null)?.labels?.[0]?.innerText.trim();
    const name = el?.getAttribute('aria-label') || label || (el as HTMLElement | null)?.innerText?.trim().split('\n')[0] || el?.getAttribute('placeholder') || '';
    return { name, tag: el?.tagName.toLowerCase() ?? '', inDialog: !!el?.closest('[role=dialog]'), onPage: !el || el === document.body };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element is named `name`; returns the names passed on the way. */
async function tabTo(page: Page, name: string | RegExp, { back = false, max = 40 } = {}): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(f.name);
    if (typeof name === 'string' ? f.name === name : name.test(f.name)) return seen;
  }
  throw new Error(`never reached ${name} with ${back ? 'Shift+' : ''}Tab: ${seen.join(' → ')}`);
}

async function helpCentre(page: Page, apiKey: string, baseURL: string): Promise<void> {
  await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('help.html', { stub: true, chatUrl: '', before: helpInit(apiKey, baseURL), body: '<p><a href="#top">A link of the page</a></p>' }));
  await waitReady(page);
}

/** From the page, with the keyboard: Tab to the launcher, Enter. */
async function openWithKeyboard(page: Page): Promise<void> {
  await tabTo(page, 'Open support chat');
  await page.keyboard.press('Enter');
  await expect(around(page).input).toBeFocused();
}

async function askWithKeyboard(page: Page, question: string): Promise<void> {
  await page.keyboard.type(question);
  await page.keyboard.press('Enter');
  await expect(around(page).helpful.last()).toBeVisible({ timeout: 15_000 });
}

test('chat: Tab goes through the answer, its sources, its actions, then the composer, then the launcher; Escape closes from each', async ({ page, apiKey, baseURL }) => {
  await helpCentre(page, apiKey, baseURL!);
  await openWithKeyboard(page);
  await askWithKeyboard(page, 'How do I install it?');
  const a = around(page);
  // Into the conversation from the header, forward only.
  await a.newConversation.focus();
  const order = await tabTo(page, 'Ask a question');
  const sources = await a.log.getByRole('list').last().getByRole('link').allInnerTexts();
  expect(sources.length).toBeGreaterThan(0);
  const firstSource = order.findIndex((n) => n === sources[0]!.split('\n')[0]);
  const actions = ['Helpful', 'Not helpful', 'Copy answer', 'Regenerate'].map((n) => order.indexOf(n));
  expect(firstSource, order.join(' → ')).toBeGreaterThan(0);
  expect(actions.every((i, k) => i > firstSource && (k === 0 || i > actions[k - 1]!)), order.join(' → ')).toBe(true);
  expect(order.at(-1)).toBe('Ask a question');
  // Past the composer: Send, then the launcher (now "Close chat"), not the top of the page.
  expect(await tabTo(page, 'Close chat', { max: 3 })).toEqual(['Send', 'Close chat']);
  // Back in, and Escape closes from wherever focus is inside: the log, a source, an action, the question box.
  for (const target of [a.log, a.log.getByRole('list').last().getByRole('link').first(), a.helpful.last(), a.input]) {
    if (!(await a.dialog.isVisible())) {
      await page.keyboard.press('Enter'); // the launcher has focus after a close
      await expect(a.dialog).toBeVisible();
    }
    await target.focus();
    await page.keyboard.press('Escape');
    await expect(a.dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Open support chat' })).toBeFocused();
  }
});

test('"Not helpful" form: sent with the keyboard, focus goes to the thanks, then the offer is before the composer', async ({ page, apiKey, baseURL }) => {
  await helpCentre(page, apiKey, baseURL!);
  await openWithKeyboard(page);
  await askWithKeyboard(page, 'How do I install it?');
  await tabTo(page, 'Not helpful', { back: true });
  await page.keyboard.press('Enter');
  await tabTo(page, 'Inaccurate');
  await page.keyboard.press('Space');
  await tabTo(page, 'Submit feedback');
  await page.keyboard.press('Enter');
  expect((await focused(page)).name).toBe('Thanks, your feedback helps us improve.');
  // The offer ("Get help" entries) comes next, before the question box.
  const next = await tabTo(page, 'Ask a question');
  expect(next.indexOf('Contact support')).toBeGreaterThanOrEqual(0);
  expect(next.indexOf('Dismiss')).toBeLessThan(next.indexOf('Contact support'));
  // Dismissed, the offer goes: focus stays in the panel.
  await tabTo(page, 'Dismiss', { back: true });
  await page.keyboard.press('Enter');
  const f = await focused(page);
  expect(f.inDialog && !f.onPage, JSON.stringify(f)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(around(page).dialog).toBeHidden();
});

test('contact form: opened from Get help, sent with Enter, focus on the confirmation; Escape closes; Send another puts focus on the form', async ({ page, apiKey, baseURL }) => {
  await helpCentre(page, apiKey, baseURL!);
  await openWithKeyboard(page);
  const a = around(page);
  await tabTo(page, 'Get help', { back: true });
  await page.keyboard.press('Enter');
  await expect(a.menu).toBeVisible();
  await page.keyboard.press('Enter'); // the first entry has focus: Contact support
  await expect(a.contactHeading).toBeFocused();
  await tabTo(page, 'Name');
  await page.keyboard.type('Ada');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ada@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('The widget does not load on our intranet.');
  await tabTo(page, 'Send to support');
  await page.keyboard.press('Enter');
  const note = a.dialog.locator('.note');
  await expect(note).toContainText('Your request number is');
  await expect(note).toBeFocused();
  // Escape still closes (focus did not fall to the page), and comes back to the same view.
  await page.keyboard.press('Escape');
  await expect(a.dialog).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(a.dialog).toBeVisible();
  await tabTo(page, 'Send another message');
  await page.keyboard.press('Enter');
  await expect(a.name).toBeFocused();
  // Back to the chat: focus on Get help, where the form came from.
  await tabTo(page, 'Back to chat', { back: true });
  await page.keyboard.press('Enter');
  await expect(a.getHelp).toBeFocused();
});

test('conversations view: heading first, Tab through it, back to the chat on its button, Escape closes', async ({ page, apiKey, baseURL }) => {
  await helpCentre(page, apiKey, baseURL!);
  await openWithKeyboard(page);
  await askWithKeyboard(page, 'How do I install it?');
  const a = around(page);
  await tabTo(page, 'Conversations', { back: true });
  await page.keyboard.press('Enter');
  await expect(a.historyHeading).toBeFocused();
  await tabTo(page, 'New conversation');
  await tabTo(page, 'Delete from this device');
  await tabTo(page, 'Back to chat', { back: true });
  await page.keyboard.press('Enter');
  await expect(a.conversations).toBeFocused();
  await a.conversations.press('Enter');
  await page.keyboard.press('Escape');
  await expect(a.dialog).toBeHidden();
});

test('full screen on a phone: the dialog is modal and Tab, forward or back, never leaves it', async ({ page, apiKey, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await helpCentre(page, apiKey, baseURL!);
  await openWithKeyboard(page);
  const a = around(page);
  await expect(a.dialog).toHaveAttribute('aria-modal', 'true');
  await askWithKeyboard(page, 'How do I install it?');
  for (const back of [false, true]) {
    const names = new Set<string>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const f = await focused(page);
      expect(f.inDialog, `${back ? 'Shift+' : ''}Tab ${i + 1} left the dialog: ${JSON.stringify(f)}`).toBe(true);
      names.add(f.name);
    }
    // It went round: the first and the last control were both reached.
    expect([...names]).toEqual(expect.arrayContaining(['Get help', 'Close chat', 'Ask a question', 'Send']));
  }
  await page.keyboard.press('Escape');
  await expect(a.dialog).toBeHidden();
});

test('desktop: the floating panel is not modal (the page stays usable), so no aria-modal', async ({ page, apiKey, baseURL }) => {
  await helpCentre(page, apiKey, baseURL!);
  await openWithKeyboard(page);
  await expect(around(page).dialog).not.toHaveAttribute('aria-modal', 'true');
});
