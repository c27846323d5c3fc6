/** Family 6: IndexedDB missing, throwing, hanging, full mid-run; records damaged by hand or left by an older schema. */
import { randomUUID } from 'node:crypto';
import { test, expect } from './ledger.ts';
import { namesFor } from '../fixtures.ts';
import { append, drain, errors, readIdb, start, stats, storedIds, writeIdb } from './helpers.ts';

test('IndexedDB missing: runs in memory, says so, and delivers', async ({ blank, apiKey, baseURL, ledger }) => {
  await blank.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined, configurable: true }));
  await blank.reload();
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  expect((await stats(blank)).storage).toBe('memory');
  expect((await errors(blank)).map((e) => e.code)).toContain('storage_unavailable');
  const a = await append(blank, ledger, ['mem 1', 'mem 2']);
  await append(blank, ledger, ['mem 3'], a.id);
  await append(blank, ledger, ['mem other']);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
});

test('IndexedDB throwing on open: runs in memory and delivers; the host page is not disturbed', async ({ blank, apiKey, baseURL, ledger }) => {
  const pageErrors: string[] = [];
  blank.on('pageerror', (e) => pageErrors.push(e.message));
  await blank.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await blank.reload();
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  expect((await stats(blank)).storage).toBe('memory');
  await append(blank, ledger, ['throws 1', 'throws 2']);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  expect(pageErrors).toEqual([]);
});

test('IndexedDB hanging on open: appends made while it hangs wait, then land in memory after the probe timeout, and are delivered', async ({ blank, apiKey, baseURL, ledger }) => {
  await blank.addInitScript(() => {
    // A request whose events never fire (seen in Safari private mode and with a blocked upgrade).
    IDBFactory.prototype.open = function () {
      return {} as IDBOpenDBRequest;
    };
  });
  await blank.reload();
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20, storageTimeoutMs: 600 }, { ready: false });
  const a = await append(blank, ledger, ['hang 1', 'hang 2', 'hang 3']);
  // Measured in the page from the logger's creation: the first append was stored only after the 600 ms probe gave up.
  const firstStored = await blank.evaluate(() => window.__rl.eventAt[window.__rl.events.findIndex((e) => e.type === 'stored')]);
  expect(firstStored).toBeGreaterThanOrEqual(590);
  expect((await stats(blank)).storage).toBe('memory');
  await append(blank, ledger, ['hang 4'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
});

/**
 * Makes the outbox store "full" while `window.rlQuotaFull` is set, as Chromium is at its quota: the requests
 * succeed and the transaction aborts at commit with QuotaExceededError. (An earlier stand-in aborted inside
 * `put`, which no browser does: the transaction's next request then threw TransactionInactiveError, and the
 * refusal's code depended on whether the write had one, that is on whether delivery had closed the record.)
 */
async function quotaSwitch(page: import('@playwright/test').Page) {
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const req = put.apply(this, args);
      if ((window as unknown as { rlQuotaFull?: boolean }).rlQuotaFull && this.name === 'outbox') {
        const t = this.transaction;
        req.addEventListener('success', () => {
          const error = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          Object.defineProperty(t, 'error', { get: () => error, configurable: true });
          t.abort();
        });
      }
      return req;
    };
  });
  await page.reload();
  return (full: boolean) => page.evaluate((full) => void ((window as unknown as { rlQuotaFull?: boolean }).rlQuotaFull = full), full);
}

/** Appends while full; returns 'stored' or the rejection's code for each. */
const appendWhileFull = (page: import('@playwright/test').Page, id: string, contents: string[]) =>
  page.evaluate(
    async ({ id, contents }) => {
      const c = window.__rl.logger.conversation({ id });
      const out: unknown[] = [];
      for (const content of contents) out.push(await c.append({ role: 'user', content }).then(() => 'stored', (e: { code: unknown }) => e?.code));
      return out;
    },
    { id, contents },
  );

test('quota exceeded mid-run: new input is refused with a reported error, nothing stored is dropped, input is accepted again once space returns', async ({ blank, apiKey, baseURL, ledger }) => {
  const setFull = await quotaSwitch(blank);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['q1', 'q2', 'q3']);
  await append(blank, ledger, ['other 1']);
  await ledger.settle();
  await append(blank, ledger, ['q4'], a.id); // stored, maybe not yet delivered when the disk fills
  const reportedBefore = (await errors(blank)).length;

  await setFull(true);
  const refused = await appendWhileFull(blank, a.id, ['full 1', 'full 2', 'full 3']);
  expect(refused.filter((r) => r === 'stored')).toEqual([]);
  ledger.refused(3, `quota exceeded (rejected with ${JSON.stringify(refused)})`);
  expect((await errors(blank)).length - reportedBefore).toBeGreaterThanOrEqual(3); // visible to the host
  // Delivery goes on while the disk is full (acknowledgements just cannot be recorded yet).
  await blank.waitForTimeout(300);
  await setFull(false);

  await append(blank, ledger, ['q5', 'q6'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  const stored = (await readIdb(blank, 'outbox')).find(([k]) => k === `conversation:${a.id}`)![1] as { messages: { content: string }[] };
  expect(stored.messages.map((m) => m.content)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5', 'q6']);
});

// A DOMException carries a legacy numeric `code` (22 for QuotaExceededError): the refusal must still
// be the documented `storage_full` error, which the widget shows as a notice. One test per shape of the
// write transaction (storage/idb-store.ts write()): a record read in it (the tab knows none), a known
// record that stays in the open set (awaiting delivery), a known one that re-enters it (delivered).
const SHAPES = {
  'a conversation new to this tab': async () => randomUUID(),
  'a conversation awaiting delivery': async (page: import('@playwright/test').Page, ledger: import('./ledger.ts').Ledger) => {
    await page.route('**/conversations', (r) => r.abort());
    return (await append(page, ledger, ['z1'])).id;
  },
  'a delivered conversation': async (page: import('@playwright/test').Page, ledger: import('./ledger.ts').Ledger) => {
    const { id } = await append(page, ledger, ['z1']);
    expect(await drain(page)).toEqual({ ok: true });
    return id;
  },
};
for (const [shape, make] of Object.entries(SHAPES)) {
  test(`quota exceeded on ${shape}: the refusal is the documented storage_full error; nothing stored is lost, the conversation goes on`, async ({ blank, apiKey, baseURL, ledger }) => {
    const setFull = await quotaSwitch(blank);
    await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
    const id = await make(blank, ledger);
    await setFull(true);
    const refused = await appendWhileFull(blank, id, ['full']);
    await setFull(false);
    await blank.unroute('**/conversations');
    ledger.refused(1, 'quota exceeded');
    expect(refused).toEqual(['storage_full']);
    expect((await errors(blank)).map((e) => e.code)).toContain('storage_full');
    await append(blank, ledger, ['after'], id); // space is back: the conversation goes on
    expect(await drain(blank)).toEqual({ ok: true });
    await ledger.settle();
  });
}

test('a record corrupted by hand at rest is quarantined intact at start-up; every other conversation is delivered', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await blank.route('**/conversations', (r) => r.abort()); // keep them pending
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const good = [await append(blank, ledger, ['good 1', 'good 2']), await append(blank, ledger, ['good 3'])];
  const bad = await blank.evaluate(async () => {
    const c = window.__rl.logger.conversation();
    for (const content of ['bad 1', 'bad 2']) await c.append({ role: 'user', content });
    return c.id;
  });
  await blank.evaluate(() => window.__rl.logger.destroy());
  await blank.waitForTimeout(100);
  const key = `conversation:${bad}`;
  const [, raw] = (await readIdb(blank, 'outbox')).find(([k]) => k === key)!;
  await writeIdb(blank, namesFor(apiKey, baseURL!).db, [[key, { ...(raw as object), messages: [{ role: 42 }], rev: -1 }]]);
  ledger.quarantined(2);
  await blank.unroute('**/conversations');
  await blank.reload();

  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  const q = new Map(await readIdb(blank, 'quarantine'));
  expect(q.get(key)).toMatchObject({ raw: { id: bad, rev: -1, messages: [{ role: 42 }] }, reason: expect.any(String) });
  expect((await readIdb(blank, 'outbox')).map(([k]) => k)).not.toContain(key);
  expect((await errors(blank)).some((e) => e.code === 'quarantined' && e.key === key)).toBe(true);
  expect(await storedIds(request, bad)).toBeNull();
  void good;
});

test('an old-version record (a previous schema) is quarantined, not sent and not fatal; new ones flow', async ({ blank, apiKey, baseURL, request, ledger }) => {
  const old = randomUUID();
  // A plausible v0 shape: payload under `payload`, a `sent` flag instead of revisions.
  await writeIdb(blank, namesFor(apiKey, baseURL!).db, [[`conversation:${old}`, { v: 0, id: old, payload: { id: old, type: 'support_copilot', messages: [{ id: 'old-1', role: 'user', content: 'from v0' }] }, sent: false }]]);
  ledger.quarantined(1);
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['new 1', 'new 2']);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  const q = new Map(await readIdb(blank, 'quarantine'));
  expect(q.get(`conversation:${old}`)).toMatchObject({ raw: { v: 0, payload: { messages: [{ id: 'old-1' }] } } });
  expect(await storedIds(request, old)).toBeNull();
  void a;
});

/** Until this tab no longer holds the record's write lock (it keeps it a moment after writing). */
async function letGo(page: import('@playwright/test').Page, db: string, key: string) {
  await expect
    .poll(() => page.evaluate(async (name) => (await navigator.locks.query()).held!.some((l) => l.name === name), `${db}:write:${key}`))
    .toBe(false);
}

// Tampering while the logger runs. A conversation delivered with 3 messages has its stored record
// damaged; the host appends one more. The damaged record is quarantined and the append is refused
// with code `quarantined` (the widget then carries on in a new conversation): appending onto a
// fresh record would make the next POST carry only the new message, and the API, which replaces
// the message list, would drop the 3 acknowledged ones.
test('a delivered conversation whose record is corrupted while running, then appended to: refused, and the server keeps the delivered messages', async ({ blank, apiKey, baseURL, ledger, request }) => {
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['t1', 't2', 't3']);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  const key = `conversation:${a.id}`;
  await letGo(blank, namesFor(apiKey, baseURL!).db, key);
  const [, raw] = (await readIdb(blank, 'outbox')).find(([k]) => k === key)!;
  await writeIdb(blank, namesFor(apiKey, baseURL!).db, [[key, { ...(raw as object), messages: 'garbage' }]]);
  ledger.quarantined(0);
  const refused = await blank.evaluate(async (id) => {
    try {
      await window.__rl.logger.conversation({ id }).append({ role: 'user', content: 't4' });
      return 'stored';
    } catch (e) {
      return (e as { code?: string }).code;
    }
  }, a.id);
  expect(refused).toBe('quarantined');
  expect(await drain(blank)).toEqual({ ok: true });
  expect(await storedIds(request, a.id)).toEqual(a.ids);
  expect(new Map(await readIdb(blank, 'quarantine')).has(key)).toBe(true);
  await ledger.settle(3_000);
});
