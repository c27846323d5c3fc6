/**
 * Helpers for the tests of what is around the chat (issue 13): a host page whose `init` carries
 * `getHelp` (a link, a host callback, the contact form sent to the demo `/tickets` endpoint), the
 * demo endpoint's tickets, and locators for the new views by accessible name.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, READ_AUTH } from './fixtures.ts';
import { HostPages, ui, waitReady, watchPage, type HostOptions } from './widget-helpers.ts';

export interface StoredTicket {
  id: string;
  url: string;
  idempotencyKey: string;
  requests: number;
  request: { name: string; email: string; description: string; conversationId: string; transcript: string | null; submissionId: string; page: { url: string } | null };
}

/** The visitor's request number as the contact view shows it: the collector's ids are `T-` and 12 random base32 characters. */
export const REQUEST_NUMBER = /Your request number is T-[0-9A-HJKMNP-TV-Z]{12}/;

/** The demo endpoint's tickets for one conversation (reading them needs the API key). */
export async function ticketsFor(request: APIRequestContext, conversationId: string): Promise<StoredTicket[]> {
  const { tickets } = (await (await request.get('/tickets', { headers: READ_AUTH })).json()) as { tickets: StoredTicket[] };
  return tickets.filter((t) => t.request.conversationId === conversationId);
}

/**
 * The property exactly-once delivery promises: one ticket for the conversation, made under the
 * submission's own idempotency key. Not how many requests it took: under load the sender's timeout
 * may fire and it sends again with the same key, which is correct (the endpoint answers it with the
 * same ticket), so `requests` is at least `min`.
 */
export async function oneTicket(request: APIRequestContext, conversationId: string, min = 1): Promise<StoredTicket> {
  const tickets = await ticketsFor(request, conversationId);
  expect(tickets, 'one ticket for the conversation').toHaveLength(1);
  const [t] = tickets;
  expect(t!.idempotencyKey, 'made under the submission id as its key').toBe(t!.request.submissionId);
  expect(t!.requests).toBeGreaterThanOrEqual(min);
  return t!;
}

/** `init` options (as JS source) for a help centre with the three kinds of Get help entries. */
export function helpInit(apiKey: string, baseURL: string, extra = ''): string {
  return `window.__callbacks = [];
    SupportCopilot('init', {
      apiKey: ${JSON.stringify(apiKey)},
      analyticsUrl: ${JSON.stringify(baseURL)},
      chat: { url: '/v1/chat/completions' },
      ticketUrl: '/tickets',
      getHelp: [
        { name: 'Contact support', action: { type: 'open_form' } },
        { name: 'Community forum', action: { type: 'open_link', url: '/__test/forum.html' } },
        { name: 'Live chat', action: { type: 'invoke_callback', callback: function (ctx) { window.__callbacks.push(ctx.conversation.id); } } },
      ],
      ${extra}
    });`;
}

/** Loads a host page with the stub and `init` from `helpInit` (plus `o`), and waits until ready. */
export async function loadHelpCentre(page: Page, apiKey: string, baseURL: string, o: Partial<HostOptions> & { extra?: string } = {}): Promise<HostPages> {
  await watchPage(page);
  const hp = await HostPages.install(page);
  hp.pages.set('forum.html', { body: '<!doctype html><html lang="en"><title>Forum</title><h1>Forum</h1></html>', contentType: 'text/html' });
  await page.goto(hp.host(o.html ? 'custom.html' : 'help.html', { stub: true, chatUrl: '', before: helpInit(apiKey, baseURL, o.extra), ...o }));
  await waitReady(page);
  return hp;
}

/** Locators of the views around the chat. */
export function around(page: Page) {
  const u = ui(page);
  const d = u.dialog;
  return {
    ...u,
    getHelp: d.getByRole('button', { name: 'Get help' }),
    menu: d.getByRole('group', { name: 'Get help' }),
    conversations: d.getByRole('button', { name: 'Conversations' }),
    download: d.getByRole('button', { name: 'Download transcript' }),
    back: d.getByRole('button', { name: 'Back to chat' }),
    contactHeading: d.getByRole('heading', { name: 'Contact support' }),
    historyHeading: d.getByRole('heading', { name: 'Conversations' }),
    name: d.getByRole('textbox', { name: 'Name' }),
    email: d.getByRole('textbox', { name: 'Email' }),
    description: d.getByRole('textbox', { name: 'What happened?' }),
    attach: d.getByRole('checkbox', { name: 'Attach this conversation' }),
    submit: d.getByRole('button', { name: 'Send to support' }),
    submission: d.getByRole('status'),
  };
}

/** Opens the panel and asks a question the collector's FAQ answers, waiting for the finished answer. */
export async function askInstall(page: Page): Promise<void> {
  const a = around(page);
  if (!(await a.dialog.isVisible())) await a.launcher.click();
  await a.input.fill('How do I install it?');
  await a.input.press('Enter');
  await expect(a.helpful).toBeVisible();
}

export { waitReady };
