/**
 * "Get help" (issue 13 item 1): each kind of entry from the header menu (a link, a host callback,
 * the contact form), the offer after "Not helpful", Inkeep's `get_help_option_clicked` and
 * `user_escalation_indicated` events (also stored for POST /events), and the menu by keyboard.
 */
import { test, expect } from './fixtures.ts';
import { around, askInstall, loadHelpCentre } from './around-helpers.ts';

type Seen = { eventName: string; properties: Record<string, unknown> };
const seenScript = `window.__seen = []; SupportCopilot('on', '*', function (e) { window.__seen.push(JSON.parse(JSON.stringify(e))); });`;

test('each kind of Get help entry does its job and fires Inkeep\'s events', async ({ page, context, apiKey, baseURL, collector }) => {
  await loadHelpCentre(page, apiKey, baseURL!, { after: seenScript });
  const a = around(page);
  await askInstall(page);
  const conversationId = await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => string }).SupportCopilot('currentConversation'));

  // A link: a real link, opened by the browser in a new tab.
  await a.getHelp.click();
  await expect(a.menu).toBeVisible();
  const forum = a.menu.getByRole('link', { name: 'Community forum' });
  await expect(forum).toHaveAttribute('target', '_blank');
  await expect(forum).toHaveAttribute('rel', /noopener/);
  const [tab] = await Promise.all([context.waitForEvent('page'), forum.click()]);
  await expect(tab).toHaveURL(/\/__test\/forum\.html$/);
  await tab.close();
  await expect(a.menu).toBeHidden();

  // A host callback, given the conversation.
  await a.getHelp.click();
  await a.menu.getByRole('button', { name: 'Live chat' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __callbacks: string[] }).__callbacks)).toEqual([conversationId]);
  await expect(a.dialog).toBeVisible();

  // The contact form.
  await a.getHelp.click();
  await a.menu.getByRole('button', { name: 'Contact support' }).click();
  await expect(a.contactHeading).toBeVisible();
  await expect(a.contactHeading).toBeFocused();
  await a.back.click();
  await expect(a.input).toBeVisible();

  const events = (await page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen)).filter((e) => /get_help|escalation/.test(e.eventName));
  expect(events.map((e) => [e.eventName, e.properties.getHelpOption ?? e.properties.escalationType, e.properties.getHelpOptionName])).toEqual([
    ['get_help_option_clicked', { name: 'Community forum', action: { type: 'open_link', url: '/__test/forum.html' } }, undefined],
    ['user_escalation_indicated', 'link', 'Community forum'],
    ['get_help_option_clicked', { name: 'Live chat', action: { type: 'invoke_callback' } }, undefined],
    ['user_escalation_indicated', 'callback', 'Live chat'],
    ['get_help_option_clicked', { name: 'Contact support', action: { type: 'open_form' } }, undefined],
    ['user_escalation_indicated', 'contact_form', 'Contact support'],
  ]);
  // Stored for POST /events like Inkeep's widget logs them, about the conversation.
  await expect
    .poll(async () => (await collector.events()).filter((e) => /get_help|escalation/.test(e.type) && (e as unknown as { conversationId: string }).conversationId === conversationId).length)
    .toBe(6);
});

test('the callback entry with shouldCloseModal closes the panel first', async ({ page, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!, {
    before: `window.__called = 0;
      SupportCopilot('init', { apiKey: ${JSON.stringify(apiKey)}, analyticsUrl: ${JSON.stringify(baseURL)},
        getHelp: [{ name: 'Call us', action: { type: 'invoke_callback', shouldCloseModal: true, callback: function () { window.__called++; } } }] });`,
  });
  const a = around(page);
  await a.launcher.click();
  await a.getHelp.click();
  await a.menu.getByRole('button', { name: 'Call us' }).click();
  await expect(a.dialog).toBeHidden();
  expect(await page.evaluate(() => (window as unknown as { __called: number }).__called)).toBe(1);
});

test('after "Not helpful", the Get help entries are offered under the chat; Dismiss hides them', async ({ page, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await askInstall(page);
  const offer = a.dialog.getByRole('group', { name: 'Get help' });
  await expect(offer).toHaveCount(0);
  await a.notHelpful.click();
  await expect(offer).toBeVisible();
  await expect(offer).toContainText('Not what you needed?');
  await expect(offer.getByRole('link', { name: 'Community forum' })).toBeVisible();
  await offer.getByRole('button', { name: 'Contact support' }).click();
  await expect(a.contactHeading).toBeVisible();
  await a.back.click();
  await offer.getByRole('button', { name: 'Dismiss' }).click();
  await expect(offer).toHaveCount(0);
  // A new conversation starts without it.
  await a.notHelpful.click();
  await expect(offer).toBeVisible();
  await a.newConversation.click();
  await expect(offer).toHaveCount(0);
});

test('keyboard only: the menu opens on its first entry, arrows move, Escape closes it (not the panel) and returns focus', async ({ page, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await a.launcher.focus();
  await page.keyboard.press('Enter');
  await expect(a.input).toBeFocused();
  await a.getHelp.focus();
  await page.keyboard.press('Enter');
  await expect(a.getHelp).toHaveAttribute('aria-expanded', 'true');
  const items = a.menu.locator('.item');
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(items.nth(2)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(a.menu).toBeHidden();
  await expect(a.dialog).toBeVisible();
  await expect(a.getHelp).toBeFocused();
  // Tabbing out of the open menu closes it too.
  await page.keyboard.press('Enter');
  await expect(items.nth(0)).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await expect(a.conversations).toBeFocused();
  await expect(a.menu).toBeHidden();
  // Enter on an entry does what a click does.
  await a.getHelp.focus();
  await page.keyboard.press('Enter');
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(a.contactHeading).toBeFocused();
});

test('update() with a refused ticketUrl keeps the current address, and with it the contact form entry', async ({ page, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await page.evaluate(() => (window as unknown as { SupportCopilot: (...x: unknown[]) => void }).SupportCopilot('update', { ticketUrl: 'javascript:alert(1)' }));
  await a.launcher.click();
  await a.getHelp.click();
  await expect(a.menu.getByRole('button', { name: 'Contact support' })).toBeVisible();
});
