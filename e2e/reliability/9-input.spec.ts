/**
 * Family 9: bad input through every public door (config, append/logMessage, identify and consent,
 * the queue stub, `data-*` attributes): a clear error naming the field, nothing stored, the host
 * page's own code keeps running. And cookies or stored data tampered with by the page.
 */
import { randomUUID } from 'node:crypto';
import { test, expect } from './ledger.ts';
import { append, drain, errors, readIdb, start, writeIdb } from './helpers.ts';
import { HostPages, watchPage, waitReady } from '../widget-helpers.ts';
import { SCRIPT_TAG_DIR } from './global-setup.ts';
import { readFileSync } from 'node:fs';
import { READ_AUTH, namesFor } from '../fixtures.ts';

/** Serves the script-tag bundle from the run's snapshot, not from dist/ (which a rebuild may empty mid-run). */
async function snapshotScriptTag(page: import('@playwright/test').Page, hold?: Promise<void>): Promise<void> {
  await page.route(/\/support-copilot(-core|-panel)?\.js$/, async (route) => {
    if (hold) await hold;
    const name = new URL(route.request().url()).pathname.slice(1);
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(`${SCRIPT_TAG_DIR}/${name}`) });
  });
}

/** Names of IndexedDB databases that exist for this origin. */
const databases = (page: import('@playwright/test').Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

test('bad config: each names its field, creates no database and no cookie, and the host code after it runs', async ({ blank, apiKey, baseURL, ledger }) => {
  const pageErrors: string[] = [];
  blank.on('pageerror', (e) => pageErrors.push(e.message));
  const cases: [unknown, string][] = [
    [undefined, 'config'],
    [{}, 'apiKey'],
    [{ apiKey: '' }, 'apiKey'],
    [{ apiKey: 'k', analyticsUrl: 'ftp://example.com' }, 'analyticsUrl'],
    [{ apiKey: 'k', analyticsUrl: 'not a url' }, 'analyticsUrl'],
    [{ apiKey: 'k', flushDelayMs: -1 }, 'flushDelayMs'],
    [{ apiKey: 'k', requestTimeoutMs: 'soon' }, 'requestTimeoutMs'],
    [{ apiKey: 'k', cookieName: 'has space' }, 'cookieName'],
    [{ apiKey: 'k', onError: 'console.log' }, 'onError'],
    [{ apiKey: 'k', privacyPreferences: { optOutAllAnalytics: 'yes' } }, 'optOutAllAnalytics'],
    [{ apiKey: 42 }, 'apiKey'],
  ];
  const out = await blank.evaluate(async (cases) => {
    const { createConversationLogger }: typeof import('../../src/headless.ts') = await import(`${'/__test/core.js'}`);
    const res: { name: string; message: string; hostRan: boolean }[] = [];
    for (const [config] of cases) {
      let hostRan = false;
      let name = 'no error';
      let message = '';
      try {
        createConversationLogger(config as never);
      } catch (e) {
        name = `${(e as Error).name}/${(e as { code?: string }).code}`;
        message = (e as Error).message;
      }
      hostRan = true; // the host's next statement
      res.push({ name, message, hostRan });
    }
    return res;
  }, cases);
  for (const [i, r] of out.entries()) {
    expect(r.name, `case ${i}`).toBe('SupportCopilotError/invalid_input');
    expect(r.message, `case ${i}`).toContain(cases[i]![1]);
    expect(r.hostRan).toBe(true);
  }
  await blank.waitForTimeout(200);
  expect((await databases(blank)).filter((n) => n?.startsWith('support-copilot'))).toEqual([]);
  expect(await blank.evaluate(() => document.cookie)).toBe('');
  expect(pageErrors).toEqual([]);
  // A good config then works.
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  await append(blank, ledger, ['after bad configs']);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
});

test('bad messages, feedback, events and conversation ids: each rejected naming the field, nothing stored, good ones around them delivered in order', async ({ blank, apiKey, baseURL, ledger }) => {
  const pageErrors: string[] = [];
  blank.on('pageerror', (e) => pageErrors.push(e.message));
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const bad: [unknown, string][] = [
    [null, 'object'],
    ['hi', 'object'],
    [[{ role: 'user' }], 'object'],
    [{ content: 'no role' }, 'role'],
    [{ role: '' }, 'role'],
    [{ role: 'user', content: 42 }, 'content'],
    [{ role: 'user', createdAt: 'yesterday' }, 'createdAt'],
    [{ role: 'user', createdAt: '2026-02-30T10:00:00Z' }, 'createdAt'],
    [{ role: 'user', links: [{ url: 'not a url' }] }, 'links.0.url'],
    [{ role: 'user', links: 'https://x.test' }, 'links'],
    [{ role: 'user', properties: [] }, 'properties'],
    [{ role: 'user', id: '' }, 'id'],
    [{ role: 'user', id: 'x'.repeat(256) }, 'id'],
    [{ role: 'user', userProperties: 'me' }, 'userProperties'],
  ];
  const r = await blank.evaluate(async (bad) => {
    const l = window.__rl.logger;
    const c = l.conversation();
    const out: { name: string; message: string; code: string }[] = [];
    const good: string[] = [];
    const refuse = async (p: () => unknown) => {
      try {
        await p();
        out.push({ name: 'accepted', message: '', code: '' });
      } catch (e) {
        out.push({ name: (e as Error).name, message: (e as Error).message, code: String((e as { code?: string }).code) });
      }
    };
    good.push((await c.append({ role: 'user', content: 'good before' })).id!);
    // Also a Date object that is invalid.
    for (const [input] of [...bad, [{ role: 'user', createdAt: new Date('nope') }, 'createdAt']] as [unknown, string][]) await refuse(() => c.append(input as never));
    await refuse(() => l.feedback({ messageId: '', type: 'positive' }));
    await refuse(() => l.feedback({ messageId: good[0]!, type: 'meh' as never }));
    await refuse(() => l.event({ type: 'x', entityType: 'message' } as never));
    await refuse(() => l.conversation({ id: '' }));
    await refuse(() => l.conversation({ id: 42 as never }));
    good.push((await c.append({ role: 'assistant', content: 'good after' })).id!);
    return { id: c.id, out, good };
  }, bad);
  const expected = [...bad.map(([, f]) => f), 'createdAt', 'messageId', 'type', 'messageId', 'id', 'id'];
  for (const [i, o] of r.out.entries()) {
    expect(o.name, `case ${i}: ${JSON.stringify(bad[i]?.[0])}`).toBe('SupportCopilotError');
    expect(o.code, `case ${i}`).toBe('invalid_input');
    expect(o.message, `case ${i}`).toContain(expected[i]!);
  }
  ledger.refused(r.out.length, 'validation at the door');
  ledger.appended(r.id, r.good, ['good before', 'good after']);
  // Nothing but the good ones stored: one conversation of 2 messages, no feedback, no event.
  const outbox = await readIdb(blank, 'outbox');
  expect(outbox.map(([k]) => k)).toEqual([`conversation:${r.id}`]);
  expect((outbox[0]![1] as { messages: unknown[] }).messages).toHaveLength(2);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  expect(pageErrors).toEqual([]);
});

test('bad identify and consent: rejected naming the field, the identity in use is unchanged and messages keep flowing with it', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  await blank.evaluate(() => window.__rl.logger.identify({ id: 'u_1', email: 'ada@example.com' }));
  const r = await blank.evaluate(() => {
    const l = window.__rl.logger;
    const before = JSON.stringify(l.identity());
    const out: string[] = [];
    for (const f of [
      () => l.identify('bob' as never),
      () => l.identify({ id: '' }),
      () => l.identify({ id: { nested: true } } as never),
      () => l.identify({ email: 5 } as never),
      () => l.setConsent({ optOutAllAnalytics: 'yes' } as never),
      () => l.setConsent('none' as never),
      () => l.update({ flushDelayMs: -5 }),
    ]) {
      try {
        f();
        out.push('accepted');
      } catch (e) {
        out.push(`${(e as Error).name}/${(e as { code?: string }).code}: ${(e as Error).message}`);
      }
    }
    return { out, same: before === JSON.stringify(l.identity()) };
  });
  const fields = ['user', 'id', 'id', 'email', 'optOutAllAnalytics', 'privacyPreferences', 'flushDelayMs'];
  for (const [i, o] of r.out.entries()) {
    expect(o, `case ${i}`).toMatch(/^SupportCopilotError\/invalid_input: /);
    expect(o, `case ${i}`).toContain(fields[i]!);
  }
  expect(r.same).toBe(true);
  const a = await append(blank, ledger, ['still me']);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  const stored = await (await request.get(`/conversations/${a.id}`, { headers: READ_AUTH })).json();
  expect(stored.messages[0].userProperties).toMatchObject({ id: 'u_1', identificationType: 'ID_PROVIDED' });
});

test('script tag with a bad data-* attribute: an error naming the attribute, nothing stored, the host page runs', async ({ page, apiKey, baseURL, ledger }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await snapshotScriptTag(page);
  const after = `window.hostRan = 1; window.addEventListener('load', function () { document.body.dataset.hostLoaded = 'yes'; });`;
  await page.goto(hp.host('bad-attr.html', { apiKey, analyticsUrl: baseURL!, attrs: { 'data-flush-delay-ms': 'soon' }, after, stub: true, before: `SupportCopilot('logMessage', { role: 'user', content: 'queued before a bad tag' });` }));
  await expect(page.locator('body')).toHaveAttribute('data-host-loaded', 'yes');
  await expect.poll(() => issues.consoleErrors.join('\n')).toContain('data-flush-delay-ms');
  expect(issues.consoleErrors.join('\n')).toContain('soon');
  await page.waitForTimeout(300);
  expect((await databases(page)).filter((n) => n?.startsWith('support-copilot'))).toEqual([]);
  expect(issues.pageErrors).toEqual([]);
  // A command after the failed init neither throws nor stores.
  expect(await page.evaluate(() => { (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot('logMessage', { role: 'user', content: 'x' }); return 'ok'; })).toBe('ok');
  expect((await databases(page)).filter((n) => n?.startsWith('support-copilot'))).toEqual([]);
  ledger.refused(2, 'widget not started: bad data-flush-delay-ms');

  // The same page with a good tag delivers (the ledger needs a delivered message from this door too).
  await page.goto(hp.host('good-attr.html', { apiKey, analyticsUrl: baseURL!, attrs: { 'data-flush-delay-ms': '20' }, chatUrl: '' }));
  const conversationId = await waitReady(page);
  const m = await page.evaluate(() => (window as unknown as { SupportCopilot: (...a: unknown[]) => Promise<{ id: string }> }).SupportCopilot('logMessage', { role: 'user', content: 'good tag' }));
  ledger.appended(conversationId, [m.id], ['good tag']);
  await ledger.settle();
});

test('queue stub and commands with bad input: each logged naming the field, never thrown into the host, only good messages stored and delivered in order', async ({ page, apiKey, baseURL, ledger }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await snapshotScriptTag(page, held);
  const before = `
    window.hostSteps = [];
    SupportCopilot('logMessage', { role: 'user', content: 'good 1' }); window.hostSteps.push(1);
    SupportCopilot('logMessage', { role: 5, content: 'bad role' }); window.hostSteps.push(2);
    SupportCopilot('logMessage', 'just a string'); window.hostSteps.push(3);
    SupportCopilot('identify', { id: '' }); window.hostSteps.push(4);
    SupportCopilot('noSuchCommand', 1); window.hostSteps.push(5);
    SupportCopilot('setConsent', { optOutAllAnalytics: 'maybe' }); window.hostSteps.push(6);
    SupportCopilot('logMessage', { role: 'user', content: 'good 2', createdAt: 'not a date' }); window.hostSteps.push(7);
    SupportCopilot('logMessage', { role: 'assistant', content: 'good 3' }); window.hostSteps.push(8);`;
  await page.goto(hp.host('stub.html', { stub: true, before, apiKey, analyticsUrl: baseURL!, attrs: { 'data-flush-delay-ms': '20' }, chatUrl: '' }), { waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => (window as unknown as { hostSteps: number[] }).hostSteps)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  release();
  const conversationId = await waitReady(page);
  // After load, commands run at once: bad ones resolve to undefined, never throw.
  const after = await page.evaluate(async () => {
    const sc = (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot;
    const r1 = await sc('logMessage', { role: 'user', content: 'good 4' });
    const r2 = await sc('logMessage', { role: 'user', links: [{ url: 'nope' }] });
    const r3 = sc('identify', 42);
    return [(r1 as { id: string }).id, r2 ?? null, r3 ?? null];
  });
  expect(after.slice(1)).toEqual([null, null]);
  await expect.poll(() => issues.consoleErrors.length).toBeGreaterThanOrEqual(8);
  const log = issues.consoleErrors.join('\n');
  for (const field of ['role', 'message', 'id', 'noSuchCommand', 'optOutAllAnalytics', 'createdAt', 'links.0.url', 'user']) expect(log).toContain(field);
  expect(issues.pageErrors).toEqual([]);
  ledger.refused(5, 'bad logMessage input through the stub and commands');

  const outbox = await readIdb(page, 'outbox');
  const rec = outbox.find(([k]) => k === `conversation:${conversationId}`)![1] as { messages: { id: string; content: string }[] };
  expect(rec.messages.map((m) => m.content)).toEqual(['good 1', 'good 3', 'good 4']);
  ledger.appended(conversationId, rec.messages.map((m) => m.id), ['good 1', 'good 3', 'good 4']);
  expect(rec.messages.at(-1)!.id).toBe(after[0]);
  await ledger.settle();
});

test('cookies and stored data tampered with by the page: a fresh well-formed id, junk quarantined, messages delivered, no page error', async ({ blank, apiKey, baseURL, request, ledger }) => {
  const pageErrors: string[] = [];
  blank.on('pageerror', (e) => pageErrors.push(e.message));
  const other = randomUUID();
  await blank.evaluate((pointer) => {
    document.cookie = 'inkeepUsagePreferences_userId=%E0%A4%A; Path=/';
    // Not 1-256 visible ASCII characters (it has a space): not reused (core/identity-rules.ts).
    sessionStorage.setItem('support-copilot:v1:anonymous-id', '{"evil": true}');
    localStorage.setItem(pointer, '../../etc/passwd');
  }, namesFor(apiKey, baseURL!).conversation);
  await writeIdb(blank, namesFor(apiKey, baseURL!).db, [
    ['conversation:junk-1', 'not even an object'],
    ['garbage-key', { v: 1 }],
    [`conversation:${other}`, { v: 1, kind: 'conversation', id: 'someone-else', body: {}, messages: [], rev: 1, ackedRev: 0, attempts: 0, nextAttemptAt: 0, state: 'pending', lastError: null, touchedAt: 0 }],
  ]);
  ledger.quarantined(0);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const ident = await blank.evaluate(() => window.__rl.logger.identity());
  expect(String(ident.id)).toMatch(/^[0-9a-f-]{36}$/);
  expect(await blank.evaluate(() => document.cookie)).toContain(`inkeepUsagePreferences_userId=${ident.id}`);
  const a = await append(blank, ledger, ['after tampering 1', 'after tampering 2']);
  // The page tampers again while running: the cookie and our records.
  await blank.evaluate(() => void (document.cookie = 'inkeepUsagePreferences_userId=; Path=/'));
  await writeIdb(blank, namesFor(apiKey, baseURL!).db, [['conversation:junk-2', { v: 1, kind: 'conversation', id: 'junk-2', body: 'x' }]]);
  await append(blank, ledger, ['after tampering 3'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  // Delivery reads only records that need sending: junk written while running is found at the next start.
  const reportedBefore = (await errors(blank)).filter((e) => e.code === 'quarantined').length;
  await blank.reload();
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const q = (await readIdb(blank, 'quarantine')).map(([k]) => k).sort();
  expect(q).toEqual(['conversation:junk-1', 'conversation:junk-2', `conversation:${other}`, 'garbage-key'].sort());
  expect(reportedBefore + (await errors(blank)).filter((e) => e.code === 'quarantined').length).toBeGreaterThanOrEqual(4);
  const stored = await (await request.get(`/conversations/${a.id}`, { headers: READ_AUTH })).json();
  const users = (stored.messages as { role: string; userProperties: { id: string } }[]).filter((m) => m.role === 'user');
  expect(users.length).toBe(2);
  expect(users.every((m) => m.userProperties.id === ident.id)).toBe(true);
  expect(pageErrors).toEqual([]);
});
