/**
 * A person from the script tag alone (issue 23 item 1): `data-ticket-url`, `data-support-email` and
 * `data-support-url` make the Get help entries (the contact form, an email link, a page) with no
 * JavaScript; an answer that says it does not know, and "Not helpful", offer them under the chat;
 * the contact form is prefilled with the question the visitor wants a person for and its ticket
 * reaches the collector's conversation; `data-offer-help="false"` turns the offer off.
 */
import type { Page } from '@playwright/test';
import { test, expect, READ_AUTH } from './fixtures.ts';
import { around, ticketsFor } from './around-helpers.ts';
import { HostPages, scriptTag, watchPage, waitReady, scEvents } from './widget-helpers.ts';

/** Nothing on the demo site answers it: the answerer says it does not know. */
const UNKNOWN = 'What is your refund policy for annual plans?';

/** A page with the script tag and its attributes only: no stub, no script of its own. */
async function tagOnly(page: Page, apiKey: string, baseURL: string, attrs: Record<string, string>): Promise<void> {
  await watchPage(page);
  const hp = await HostPages.install(page);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Help centre</title></head><body><main><h1>Help centre</h1></main>
${scriptTag({ apiKey, analyticsUrl: baseURL, attrs })}
</body></html>`;
  await page.goto(hp.file('tag.html', html, 'text/html; charset=utf-8'));
  await waitReady(page);
}

const current = (page: Page) => page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => string }).SupportCopilot('currentConversation'));

async function ask(page: Page, question: string): Promise<void> {
  const a = around(page);
  if (!(await a.dialog.isVisible())) await a.launcher.click();
  await a.input.fill(question);
  await a.input.press('Enter');
  await expect(a.log.locator('.msg:not(.user) .acts').last()).toBeVisible({ timeout: 15_000 });
}

test('the script tag alone: Get help from its attributes, offered under an "I don\'t know" answer, and the ticket reaches the collector', async ({ page, request, apiKey, baseURL, collector }) => {
  await tagOnly(page, apiKey, baseURL!, { 'data-ticket-url': '/tickets', 'data-support-email': 'support@acme.example', 'data-support-url': 'https://acme.example/contact' });
  const a = around(page);
  await a.launcher.click();
  // The header's menu, made from the attributes.
  await a.getHelp.click();
  await expect(a.menu.getByRole('button', { name: 'Contact support' })).toBeVisible();
  await expect(a.menu.getByRole('link', { name: 'Email support' })).toHaveAttribute('href', 'mailto:support@acme.example');
  await expect(a.menu.getByRole('link', { name: 'Support page' })).toHaveAttribute('href', 'https://acme.example/contact');
  await page.keyboard.press('Escape');

  await ask(page, 'How do I add a custom domain?');
  // A real answer: no offer.
  await expect(a.dialog.getByText('A person from our team can help')).toHaveCount(0);
  await ask(page, UNKNOWN);
  await expect(a.log.locator('.msg:not(.user)').last()).toContainText("I don't know");
  const offer = a.dialog.getByRole('group', { name: 'Get help' });
  await expect(offer).toContainText('Not what you needed? A person from our team can help.');
  await expect(offer.getByRole('link', { name: 'Email support' })).toBeVisible();
  await offer.getByRole('button', { name: 'Contact support' }).click();
  // Prefilled with the question the answer could not help with, not the first one.
  await expect(a.description).toHaveValue(UNKNOWN);
  await a.email.fill('ada@example.com');
  await a.submit.click();
  const note = a.dialog.locator('.note.sent');
  await expect(note).toContainText(/Your request number is T-[A-Z0-9-]+; we’ll reply to ada@example\.com/i);
  // The request number never wraps.
  expect(await note.locator('.tid').evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');

  const id = await current(page);
  const [ticket] = await ticketsFor(request, id);
  expect(ticket!.request.description).toBe(UNKNOWN);
  await expect
    .poll(async () => ((await collector.conversation(id)) as unknown as { supportTicketConversationId?: string } | null)?.supportTicketConversationId, { timeout: 15_000 })
    .toBe(ticket!.id);
  // The escalation is an event like one from the menu.
  const events = await (await request.get('/events', { headers: READ_AUTH })).json();
  expect(JSON.stringify(events)).toContain('user_escalation_indicated');
  expect((await scEvents(page)).filter((e) => e.type === 'error')).toEqual([]);
});

test('"Not helpful" offers the person too, and the form is prefilled with the question of that answer', async ({ page, apiKey, baseURL }) => {
  await tagOnly(page, apiKey, baseURL!, { 'data-ticket-url': '/tickets' });
  const a = around(page);
  await ask(page, 'How do I add a custom domain?');
  await ask(page, 'how do i rotate an api key');
  // "Not helpful" on the first answer, not the last.
  await a.log.locator('.msg:not(.user)').first().getByRole('button', { name: 'Not helpful' }).click();
  const offer = a.dialog.getByRole('group', { name: 'Get help' });
  await expect(offer.getByRole('button', { name: 'Contact support' })).toBeVisible();
  // Only the contact form was configured: no email entry.
  await expect(offer.getByRole('link')).toHaveCount(0);
  await offer.getByRole('button', { name: 'Contact support' }).click();
  await expect(a.description).toHaveValue('How do I add a custom domain?');
});

test('data-offer-help="false": no offer after "I don\'t know" or "Not helpful"; the menu stays', async ({ page, apiKey, baseURL }) => {
  await tagOnly(page, apiKey, baseURL!, { 'data-support-email': 'support@acme.example', 'data-offer-help': 'false' });
  const a = around(page);
  await ask(page, UNKNOWN);
  await a.notHelpful.last().click();
  await expect(a.dialog.getByText('Not what you needed?')).toHaveCount(0);
  await a.getHelp.click();
  await expect(a.menu.getByRole('link', { name: 'Email support' })).toBeVisible();
});

test('a bad data-support-email is refused alone: the widget works, the entry is left out, the error names the attribute\'s option', async ({ page, apiKey, baseURL }) => {
  await tagOnly(page, apiKey, baseURL!, { 'data-support-email': 'support@acme.example?body=hi', 'data-support-url': 'javascript:alert(1)' });
  const a = around(page);
  await a.launcher.click();
  await expect(a.getHelp).toHaveCount(0);
  const refused = (await scEvents(page)).filter((e) => e.type === 'error').map((e) => (e.detail as { message: string }).message);
  expect(refused).toEqual([expect.stringContaining('supportEmail: expected an email address (ignored)'), expect.stringContaining('supportUrl: expected an http(s) URL (ignored)')]);
});
