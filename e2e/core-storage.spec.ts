/** IndexedDB unavailable (throws, hangs): the core runs in memory, says so, and still delivers. */
import { test, expect } from './fixtures.ts';
import { routeBlank } from './fixtures.ts';
import { append, errors, flush, startLogger, stats } from './core-helpers.ts';

const cases = {
  'indexedDB getter throws': () => {
    Object.defineProperty(window, 'indexedDB', {
      configurable: true,
      get() {
        throw new Error('denied');
      },
    });
  },
  'indexedDB.open never answers': () => {
    // A request whose events never fire (as seen in some Safari versions).
    IDBFactory.prototype.open = function () {
      return {} as IDBOpenDBRequest;
    };
  },
} as const;

for (const [name, script] of Object.entries(cases)) {
  test(`${name}: falls back to memory, reports storage_unavailable, still delivers`, async ({ page, apiKey, collector, baseURL }) => {
    const pageErrors: Error[] = [];
    page.on('pageerror', (e) => pageErrors.push(e));
    await page.addInitScript(script);
    await routeBlank(page);
    await page.goto('/__test/blank.html');
    // It starts (a start that waited for IndexedDB forever would hit the test timeout) after the 300 ms
    // it was given, as the error says below: no wall-clock bound.
    await startLogger(page, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10, storageTimeoutMs: 300 });
    expect((await stats(page)).storage).toBe('memory');
    const errs = await errors(page);
    expect(errs.map((e) => e.code)).toEqual(['storage_unavailable']);
    if (name.includes('never')) expect(errs[0]!.message).toContain('300 ms');

    const { id, ids } = await append(page, ['in memory', 'still sent']);
    const kept = await page.evaluate((id) => window.__sc.logger.conversation({ id }).messages(), id);
    expect(kept.map((m) => m.id)).toEqual(ids);
    await expect.poll(async () => (await collector.conversation(id))?.messages.map((m) => m.id)).toEqual(ids);
    expect(await flush(page)).toEqual({ ok: true });
    expect(await stats(page)).toMatchObject({ storage: 'memory', pending: 0, delivered: 1 });
    expect(pageErrors).toEqual([]);
  });
}
