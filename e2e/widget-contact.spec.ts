/**
 * The contact form (issue 13 item 2): a ticket made at the demo endpoint with the transcript, the
 * ticket written onto the conversation at the collector; submissions are durable and sent exactly
 * once: offline then online, a lost response (the retry gets the same ticket), a reload, two tabs;
 * a refusal shows "Try again"; a host `createTicket` gets the submission id.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { around, askInstall, loadHelpCentre, oneTicket, REQUEST_NUMBER, ticketsFor } from './around-helpers.ts';
import { INSTALL_ANSWER } from './widget-helpers.ts';

const current = (page: Page) => page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => string }).SupportCopilot('currentConversation'));
const online = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('online')));

async function fillAndSend(page: Page, email = 'ada@example.com'): Promise<void> {
  const a = around(page);
  await a.getHelp.click();
  await a.menu.getByRole('button', { name: 'Contact support' }).click();
  await a.name.fill('Ada');
  await a.email.fill(email);
  await a.submit.click();
}

test('the form creates a ticket with the transcript, and the conversation carries its id and url at the collector', async ({ page, request, apiKey, baseURL, collector }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string, u: unknown) => void }).SupportCopilot('identify', { id: 'u_9', email: 'grace@example.com', name: 'Grace' }));
  const a = around(page);
  await askInstall(page);
  const id = await current(page);
  await a.getHelp.click();
  await a.menu.getByRole('button', { name: 'Contact support' }).click();
  // Prefilled: the identified visitor and the first question.
  await expect(a.name).toHaveValue('Grace');
  await expect(a.email).toHaveValue('grace@example.com');
  await expect(a.description).toHaveValue('How do I install it?');
  await expect(a.attach).toBeChecked();
  await a.description.fill('The install guide did not help: the script tag is blocked by our CSP.');
  await a.submit.click();
  await expect(a.submission).toContainText(new RegExp(`${REQUEST_NUMBER.source}; we’ll reply to grace@example\\.com`));
  const [ticket] = await ticketsFor(request, id);
  expect(ticket).toBeDefined();
  await expect(a.submission.getByRole('link', { name: 'View your request' })).toHaveAttribute('href', ticket!.url);
  await oneTicket(request, id);
  expect(ticket!.request).toMatchObject({ name: 'Grace', email: 'grace@example.com', description: 'The install guide did not help: the script tag is blocked by our CSP.' });
  expect(ticket!.request.page!.url).toBe(`${baseURL}/__test/help.html`);
  // The transcript, as Markdown with times.
  expect(ticket!.request.transcript).toContain('How do I install it?');
  expect(ticket!.request.transcript).toContain(INSTALL_ANSWER);
  expect(ticket!.request.transcript).toMatch(/\*\*You\*\* · .*\d/);
  // Written onto the conversation through the outbox: the analytics API links the two.
  await expect
    .poll(async () => {
      const c = (await collector.conversation(id)) as unknown as { supportTicketConversationId?: string; externalUrl?: string; messages: unknown[] } | null;
      return c && [c.supportTicketConversationId, c.externalUrl, c.messages.length];
    })
    .toEqual([ticket!.id, ticket!.url, 2]);
  // The next question keeps the link (the chat's own writes do not clear it).
  await a.back.click();
  await a.input.fill('And after that?');
  await a.input.press('Enter');
  await expect.poll(async () => ((await collector.conversation(id)) as unknown as { messages: unknown[] }).messages.length).toBeGreaterThanOrEqual(3);
  expect(((await collector.conversation(id)) as unknown as { supportTicketConversationId: string }).supportTicketConversationId).toBe(ticket!.id);
});

test('the form checks its fields before sending', async ({ page, request, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await a.launcher.click();
  await a.getHelp.click();
  await a.menu.getByRole('button', { name: 'Contact support' }).click();
  await a.email.fill('not an email');
  await a.submit.click();
  await expect(a.email).toHaveAttribute('aria-invalid', 'true');
  await expect(a.email).toHaveAccessibleDescription('Enter an email address like name@example.com.');
  await expect(a.description).toHaveAttribute('aria-invalid', 'true');
  await expect(a.email).toBeFocused();
  expect(await ticketsFor(request, await current(page))).toEqual([]);
});

test('sent offline, it waits visibly and arrives once when the connection returns', async ({ page, context, request, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await askInstall(page);
  const id = await current(page);
  await context.setOffline(true);
  await page.route('**/tickets', (route) => route.abort('internetdisconnected'));
  await fillAndSend(page);
  await expect(a.submission).toContainText('You’re offline. Your message is saved');
  await online(page).catch(() => {});
  expect(await ticketsFor(request, id)).toEqual([]);
  await page.unroute('**/tickets');
  await context.setOffline(false);
  await expect(a.submission).toContainText(REQUEST_NUMBER);
  await oneTicket(request, id);
});

test('a response lost on the way back: the retry carries the same key and gets the same ticket', async ({ page, request, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await askInstall(page);
  const id = await current(page);
  let posts = 0;
  // Retries are held until the test has seen "Sending…": the sender's first retry (its backoff is short) once came before the check.
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  await page.route('**/tickets', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts++;
    // The server makes the ticket; the answer never reaches the page.
    if (posts === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    await gate;
    return route.continue();
  });
  await fillAndSend(page);
  await expect.poll(async () => (await ticketsFor(request, id)).length).toBe(1);
  await expect(a.submission).toContainText('Sending…');
  open();
  await online(page);
  await expect(a.submission).toContainText(REQUEST_NUMBER);
  // The retry after the lost answer reached the endpoint with the same key (and maybe more, if a
  // loaded machine made the sender time out): still the one ticket.
  const ticket = await oneTicket(request, id, 2);
  expect(posts).toBe(ticket.requests);
  await expect(a.submission).toContainText(ticket.id);
});

test('a submission left unsent survives a reload and is sent once at the next start, before the panel is opened', async ({ page, request, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await askInstall(page);
  const id = await current(page);
  await page.route('**/tickets', (route) => route.abort('internetdisconnected'));
  await fillAndSend(page);
  await expect(a.submission).toContainText('Sending…');
  await page.unroute('**/tickets');
  // Closed before leaving, so the next page starts with it closed (an open panel is remembered for the tab).
  await a.close.click();
  await page.reload();
  await expect.poll(async () => (await ticketsFor(request, id)).length).toBe(1);
  expect(await a.dialog.isVisible()).toBe(false);
  await a.launcher.click();
  await a.getHelp.click();
  await a.menu.getByRole('button', { name: 'Contact support' }).click();
  await expect(a.submission).toContainText(REQUEST_NUMBER);
  await oneTicket(request, id);
});

test('two tabs with the same unsent submission: one request, one ticket', async ({ page, context, request, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await askInstall(page);
  const id = await current(page);
  await context.route('**/tickets', (route) => route.abort('internetdisconnected'));
  await fillAndSend(page);
  await expect(a.submission).toContainText('Sending…');
  const second = await context.newPage();
  await loadHelpCentre(second, apiKey, baseURL!);
  const senders = new Set<Page>();
  await context.unroute('**/tickets');
  await context.route('**/tickets', (route) => {
    if (route.request().method() === 'POST') senders.add(route.request().frame().page());
    return route.continue();
  });
  // Both tabs learn at once that the connection is back.
  await Promise.all([online(page), online(second)]);
  await expect.poll(async () => (await ticketsFor(request, id)).length).toBe(1);
  await expect(a.submission).toContainText(REQUEST_NUMBER);
  // One tab sends (the Web Lock), under one key; a timeout retry from that tab would be the same key.
  await oneTicket(request, id);
  expect(senders.size).toBe(1);
});

test('a refusal shows what happened and "Try again"; trying again sends it', async ({ page, request, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await askInstall(page);
  const id = await current(page);
  await page.route('**/tickets', (route) => route.fulfill({ status: 422, contentType: 'application/problem+json', body: '{"detail":"no"}' }), { times: 1 });
  await fillAndSend(page);
  await expect(a.submission).toContainText('Your message could not be sent.');
  await expect(a.submission).toContainText('HTTP 422');
  await a.submission.getByRole('button', { name: 'Try again' }).click();
  await expect(a.submission).toContainText(REQUEST_NUMBER);
  expect(await ticketsFor(request, id)).toHaveLength(1);
  // And another message is a new submission: a new ticket.
  await a.submission.getByRole('button', { name: 'Send another message' }).click();
  await a.email.fill('ada@example.com');
  await a.submit.click();
  await expect(a.submission).toContainText(REQUEST_NUMBER);
  expect(await ticketsFor(request, id)).toHaveLength(2);
});

test('createTicket from the host gets the submission id; a rejection is retried, retryable: false is shown', async ({ page, apiKey, baseURL }) => {
  await loadHelpCentre(page, apiKey, baseURL!, {
    before: `window.__requests = [];
      SupportCopilot('init', { apiKey: ${JSON.stringify(apiKey)}, analyticsUrl: ${JSON.stringify(baseURL)}, chat: { url: '/v1/chat/completions' },
        getHelp: [{ name: 'Contact support', action: { type: 'open_form' } }],
        createTicket: function (r) {
          window.__requests.push(r.submissionId);
          if (r.email === 'no@example.com') return Promise.reject(Object.assign(new Error('Unknown customer'), { retryable: false }));
          if (window.__requests.length === 1) return Promise.reject(new Error('help desk busy'));
          // Held until the test has seen "Sending…": a retry that came before the check passed it by on a loaded machine.
          return window.__gate.then(() => ({ id: 'HD-7', url: 'https://helpdesk.example/HD-7' }));
        } });
      window.__gate = new Promise((open) => (window.__open = open));`,
  });
  const a = around(page);
  await askInstall(page);
  await fillAndSend(page);
  await expect(a.submission).toContainText('Sending…');
  await online(page);
  await page.evaluate(() => (window as unknown as { __open: () => void }).__open());
  await expect(a.submission).toContainText('Your request number is HD-7');
  const ids = await page.evaluate(() => (window as unknown as { __requests: string[] }).__requests);
  expect(ids).toHaveLength(2);
  expect(ids[0]).toBe(ids[1]);
  await a.submission.getByRole('button', { name: 'Send another message' }).click();
  await a.email.fill('no@example.com');
  await a.submit.click();
  await expect(a.submission).toContainText('Your message could not be sent.');
  await expect(a.submission).toContainText('Unknown customer');
});
