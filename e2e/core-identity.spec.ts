/** The anonymous id cookie and identification types, as the payload and the browser see them. */
import type { BrowserContext } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { append, flush, logFor, newTab, readIdb, sleep, startLogger, storedConversation } from './core-helpers.ts';

const COOKIE = 'inkeepUsagePreferences_userId';
const idCookie = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === COOKIE);
const identityOf = (page: import('@playwright/test').Page) => page.evaluate(() => window.__sc.logger.identity());

test('anonymous id cookie: Path=/, SameSite=Lax, ~365 days, reused across loggers, reloads and tabs; COOKIED in the payload', async ({ blank, context, apiKey, baseURL, request }) => {
  const cfg = { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10 };
  await startLogger(blank, cfg);
  const cookie = await idCookie(context);
  expect(cookie).toBeDefined();
  expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
  expect(cookie!.path).toBe('/');
  expect(cookie!.sameSite).toBe('Lax');
  const days = (cookie!.expires - Date.now() / 1000) / 86_400;
  expect(days).toBeGreaterThan(364);
  expect(days).toBeLessThan(366);

  const { id } = await append(blank, ['hello']);
  expect(await flush(blank)).toEqual({ ok: true });
  const stored = (await storedConversation(request, id))!;
  expect(stored.userProperties).toMatchObject({ id: cookie!.value, identificationType: 'COOKIED' });
  expect(stored.messages[0]!.userProperties).toMatchObject({ id: cookie!.value, identificationType: 'COOKIED' });

  // A second logger in the same page, after a reload, and in another tab: same id.
  await startLogger(blank, cfg);
  expect((await identityOf(blank)).id).toBe(cookie!.value);
  await blank.reload();
  await startLogger(blank, cfg);
  expect(await identityOf(blank)).toMatchObject({ id: cookie!.value, identificationType: 'COOKIED' });
  const tab2 = await newTab(context);
  await startLogger(tab2, cfg);
  expect((await identityOf(tab2)).id).toBe(cookie!.value);
  expect((await idCookie(context))!.value).toBe(cookie!.value);
  expect((await context.cookies()).filter((c) => c.name === COOKIE)).toHaveLength(1);
});

test('an id cookie outside 1-256 visible ASCII characters is replaced with a well-formed one', async ({ blank, context, apiKey, baseURL, request }) => {
  // Decoded, this value has a space and a non-ASCII letter: not an id anyone wrote for us.
  await blank.evaluate((name) => void (document.cookie = `${name}=caf%C3%A9%20au%20lait; Path=/`), COOKIE);
  // Polled: a document.cookie write reaches the browser's cookie store (what context.cookies() reads) asynchronously.
  await expect.poll(async () => (await idCookie(context))?.value).toBe('caf%C3%A9%20au%20lait');
  await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10 });
  const cookie = await idCookie(context);
  expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
  expect(cookie).toMatchObject({ path: '/', sameSite: 'Lax' });
  expect((await context.cookies()).filter((c) => c.name === COOKIE)).toHaveLength(1);
  const { id } = await append(blank, ['x']);
  expect(await flush(blank)).toEqual({ ok: true });
  expect((await storedConversation(request, id))!.userProperties).toMatchObject({ id: cookie!.value, identificationType: 'COOKIED' });
});

test('an id cookie written by Inkeep\'s own widget is reused unchanged (one visitor, one user across Inkeep tools)', async ({ blank, context, apiKey, baseURL, request }) => {
  // Inkeep's widget stores a signed-in visitor's own id in this cookie, as it is (here an email address).
  const inkeepValue = 'ada.lovelace@example.com';
  await blank.evaluate(([name, value]) => void (document.cookie = `${name}=${value}; Path=/`), [COOKIE, inkeepValue]);
  await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10 });
  expect(await identityOf(blank)).toMatchObject({ id: inkeepValue, identificationType: 'COOKIED' });
  const { id } = await append(blank, ['hello from an Inkeep visitor']);
  expect(await flush(blank)).toEqual({ ok: true });
  const stored = (await storedConversation(request, id))!;
  expect(stored.userProperties).toMatchObject({ id: inkeepValue, identificationType: 'COOKIED' });
  expect(stored.messages[0]!.userProperties).toMatchObject({ id: inkeepValue });
  // Still one cookie, still the same id once decoded.
  const cookies = (await context.cookies()).filter((c) => c.name === COOKIE);
  expect(cookies).toHaveLength(1);
  expect(decodeURIComponent(cookies[0]!.value)).toBe(inkeepValue);
});

test('optOutAnalyticalCookies: no cookie written, an existing one removed, ANONYMOUS in the payload', async ({ blank, context, apiKey, baseURL, request }) => {
  const cfg = { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10, privacyPreferences: { optOutAnalyticalCookies: true } };
  await startLogger(blank, cfg);
  expect(await idCookie(context)).toBeUndefined();
  const { id } = await append(blank, ['no cookie']);
  expect(await flush(blank)).toEqual({ ok: true });
  const stored = (await storedConversation(request, id))!;
  expect(stored.userProperties).toMatchObject({ identificationType: 'ANONYMOUS', id: expect.any(String) });
  expect(stored.messages[0]!.userProperties).toMatchObject({ identificationType: 'ANONYMOUS' });
  expect(await idCookie(context)).toBeUndefined();

  // An existing cookie (from an earlier visit that allowed it) is removed.
  const tab2 = await newTab(context);
  await startLogger(tab2, { apiKey, analyticsUrl: baseURL! });
  expect(await idCookie(context)).toBeDefined();
  await startLogger(tab2, cfg);
  expect(await idCookie(context)).toBeUndefined();
  expect((await identityOf(tab2)).identificationType).toBe('ANONYMOUS');

  // Withdrawing consent at run time removes it too.
  await startLogger(tab2, { apiKey, analyticsUrl: baseURL! });
  expect(await idCookie(context)).toBeDefined();
  await tab2.evaluate(() => window.__sc.logger.setConsent({ optOutAnalyticalCookies: true }));
  expect(await idCookie(context)).toBeUndefined();
});

test('identify({ id }) makes the payload ID_PROVIDED with that id', async ({ blank, apiKey, baseURL, request }) => {
  await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10 });
  await blank.evaluate(() => window.__sc.logger.identify({ id: 'u_42', email: 'u42@example.com' }));
  const { id } = await append(blank, ['signed in']);
  expect(await flush(blank)).toEqual({ ok: true });
  const stored = (await storedConversation(request, id))!;
  expect(stored.userProperties).toMatchObject({ id: 'u_42', identificationType: 'ID_PROVIDED', email: 'u42@example.com' });
  expect(stored.messages[0]!.userProperties).toMatchObject({ id: 'u_42', identificationType: 'ID_PROVIDED' });
});

test('an agent copilot with an identified customer: userId, userType, supportAgentName and supportAgentEmail reach the API, accepted by its schema', async ({ blank, apiKey, baseURL, request }) => {
  await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10, supportAgent: { name: 'Ann', email: 'ann@support.example' } });
  await blank.evaluate(() => window.__sc.logger.identify({ id: 'cust-7', type: 'enterprise' }));
  const { id } = await append(blank, ['agent draft for cust-7']);
  expect(await flush(blank)).toEqual({ ok: true });
  const stored = (await storedConversation(request, id))!;
  const expected = { id: 'cust-7', userId: 'cust-7', userType: 'enterprise', identificationType: 'ID_PROVIDED', supportAgentName: 'Ann', supportAgentEmail: 'ann@support.example' };
  expect(stored.userProperties).toEqual(expected);
  expect(stored.messages[0]!.userProperties).toMatchObject(expected);
});

test('optOutAllAnalytics sends and stores nothing, and writes no cookie', async ({ blank, context, apiKey, baseURL, request }) => {
  await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10, privacyPreferences: { optOutAllAnalytics: true } });
  const { id } = await append(blank, ['private', 'stuff']);
  await blank.evaluate(() => window.__sc.logger.event({ type: 'opened', entityType: 'conversation', conversationId: 'c1' }));
  expect(await flush(blank)).toEqual({ ok: true });
  await sleep(1_000);
  expect(await logFor(request, apiKey)).toHaveLength(0);
  expect(await logFor(request, apiKey, '/events')).toHaveLength(0);
  expect(await storedConversation(request, id)).toBeNull();
  expect(await idCookie(context)).toBeUndefined();
  expect(await blank.evaluate(() => window.__sc.logger.stats())).toMatchObject({ pending: 0, delivered: 0 });
  expect(await readIdb(blank, 'outbox')).toEqual([]);
  // Leaving the page sends nothing either.
  await blank.goto('about:blank');
  await sleep(300);
  expect(await logFor(request, apiKey)).toHaveLength(0);
});
