/**
 * Identity (DESIGN.md section 2) through the script tag: the anonymous-id cookie and its
 * attributes, kept across reloads; `identify` -> ID_PROVIDED; opting out writes no cookie.
 */
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { HostPages, watchPage, waitReady } from './widget-helpers.ts';

const COOKIE = 'inkeepUsagePreferences_userId';
type StoredMessage = { content: string; userProperties: { id: unknown; identificationType: string; email?: string } | null };

const command = (page: Page, name: string, ...args: unknown[]) =>
  page.evaluate(([name, args]) => (window as unknown as { SupportCopilot: (n: string, ...a: unknown[]) => unknown }).SupportCopilot(name as string, ...(args as unknown[])), [name, args] as const);

async function messagesOf(collector: { conversation(id: string): Promise<unknown> }, id: string, count: number): Promise<StoredMessage[]> {
  await expect.poll(async () => ((await collector.conversation(id)) as { messages: unknown[] } | null)?.messages.length ?? 0).toBe(count);
  return ((await collector.conversation(id)) as { messages: StoredMessage[] }).messages;
}

test('the anonymous-id cookie has the right attributes and is kept across reloads', async ({ page, context, apiKey, baseURL, collector }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '' }));
  const conversationId = await waitReady(page);
  const cookies = (await context.cookies()).filter((c) => c.name === COOKIE);
  expect(cookies).toHaveLength(1);
  const cookie = cookies[0]!;
  expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
  expect(cookie.path).toBe('/');
  expect(cookie.sameSite).toBe('Lax');
  expect(cookie.secure).toBe(false); // http page: no Secure
  expect(cookie.httpOnly).toBe(false);
  expect(cookie.domain).toBe('127.0.0.1'); // host-only: no Domain given
  const days = (cookie.expires - Date.now() / 1000) / 86_400;
  expect(days).toBeGreaterThan(364.9);
  expect(days).toBeLessThanOrEqual(365.01);
  // The only cookie the widget writes.
  expect((await context.cookies()).map((c) => c.name)).toEqual([COOKIE]);

  await command(page, 'logMessage', { role: 'user', content: 'anonymous' });
  const [m] = await messagesOf(collector, conversationId, 1);
  expect(m!.userProperties).toMatchObject({ id: cookie.value, identificationType: 'COOKIED' });

  await page.reload();
  await waitReady(page);
  const again = (await context.cookies()).filter((c) => c.name === COOKIE);
  expect(again.map((c) => c.value)).toEqual([cookie.value]);
  await command(page, 'logMessage', { role: 'user', content: 'after reload' });
  const both = await messagesOf(collector, conversationId, 2);
  expect(both[1]!.userProperties).toMatchObject({ id: cookie.value, identificationType: 'COOKIED' });
  // No chat endpoint here: the one error saying so (a stored question is unanswered) is expected.
  expect(issues.consoleErrors.filter((e) => !/no answer source/.test(e))).toEqual([]);
});

test('a malformed cookie value is replaced; a well-formed one is reused', async ({ page, context, apiKey, baseURL }) => {
  await watchPage(page);
  const hp = await HostPages.install(page);
  const url = `${baseURL}/`;
  // Decoded: a non-ASCII letter and a space, outside the 1-256 visible ASCII characters that are reused.
  await context.addCookies([{ name: COOKIE, value: 'caf%C3%A9%20value', url }]);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '' }));
  await waitReady(page);
  const replaced = (await context.cookies()).find((c) => c.name === COOKIE)!;
  expect(replaced.value).toMatch(/^[A-Za-z0-9_-]{8,128}$/);

  await context.clearCookies();
  await context.addCookies([{ name: COOKIE, value: 'existing_visitor_0001', url }]);
  await page.reload();
  await waitReady(page);
  expect((await context.cookies()).find((c) => c.name === COOKIE)?.value).toBe('existing_visitor_0001');

  // What Inkeep's own widget may have written (a signed-in visitor's id, here an email address) is kept too.
  await context.clearCookies();
  await context.addCookies([{ name: COOKIE, value: 'ada.lovelace@example.com', url }]);
  await page.reload();
  await waitReady(page);
  expect(decodeURIComponent((await context.cookies()).find((c) => c.name === COOKIE)!.value)).toBe('ada.lovelace@example.com');
});

test('identify switches new messages to ID_PROVIDED, reset goes back to a new anonymous id', async ({ page, context, apiKey, baseURL, collector }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '' }));
  const conversationId = await waitReady(page);
  const anonymous = (await context.cookies()).find((c) => c.name === COOKIE)!.value;
  await command(page, 'logMessage', { role: 'user', content: 'before identify' });
  await command(page, 'identify', { id: 'u_42', email: 'ada@example.com', name: 'Ada' });
  await command(page, 'logMessage', { role: 'user', content: 'after identify' });
  const messages = await messagesOf(collector, conversationId, 2);
  expect(messages[0]!.userProperties).toMatchObject({ id: anonymous, identificationType: 'COOKIED' });
  expect(messages[1]!.userProperties).toMatchObject({ id: 'u_42', email: 'ada@example.com', identificationType: 'ID_PROVIDED' });

  // Logout: a new anonymous id and a new conversation.
  await command(page, 'reset');
  const fresh = (await context.cookies()).find((c) => c.name === COOKIE)!.value;
  expect(fresh).not.toBe(anonymous);
  await command(page, 'logMessage', { role: 'user', content: 'after reset' });
  await expect.poll(async () => (await collector.log('/conversations')).map((e) => e.conversationId).filter((id) => id !== conversationId).length).toBeGreaterThan(0);
  const other = (await collector.log('/conversations')).map((e) => e.conversationId).find((id) => id !== conversationId)!;
  const [afterReset] = await messagesOf(collector, other, 1);
  expect(afterReset!.userProperties).toMatchObject({ id: fresh, identificationType: 'COOKIED' });
  // No chat endpoint here: the one error saying so (a stored question is unanswered) is expected.
  expect(issues.consoleErrors.filter((e) => !/no answer source/.test(e))).toEqual([]);
});

test('opting out of analytical cookies writes no cookie (ANONYMOUS), and setConsent removes ours', async ({ page, context, apiKey, baseURL, collector }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '', attrs: { 'data-opt-out-analytical-cookies': 'true' } }));
  const conversationId = await waitReady(page);
  await command(page, 'logMessage', { role: 'user', content: 'no cookies please' });
  const [m] = await messagesOf(collector, conversationId, 1);
  expect(m!.userProperties?.identificationType).toBe('ANONYMOUS');
  expect(await context.cookies()).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  // The anonymous id lasts for the tab (sessionStorage): a reload keeps it, still with no cookie.
  await page.reload();
  await waitReady(page);
  await command(page, 'logMessage', { role: 'user', content: 'still none' });
  const both = await messagesOf(collector, conversationId, 2);
  expect(both[1]!.userProperties).toMatchObject({ id: m!.userProperties!.id, identificationType: 'ANONYMOUS' });
  expect(await context.cookies()).toEqual([]);

  // Opting out at run time removes the cookie we had written.
  const hp2 = await HostPages.install(page);
  await page.goto(hp2.host('host2.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '' }));
  await waitReady(page);
  await expect.poll(async () => (await context.cookies()).map((c) => c.name)).toEqual([COOKIE]);
  await command(page, 'setConsent', { optOutAnalyticalCookies: true });
  expect(await context.cookies()).toEqual([]);
  // No chat endpoint here: the one error saying so (a stored question is unanswered) is expected.
  expect(issues.consoleErrors.filter((e) => !/no answer source/.test(e))).toEqual([]);
});
