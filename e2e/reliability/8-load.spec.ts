/** Family 8: load. 100 conversations x 50 messages appended as fast as the page can, 20% of requests failing (seeded). */
import { test, expect } from './ledger.ts';
import { drain, postsFor, seeded, start, stats, storedIds } from './helpers.ts';

test('100 conversations x 50 messages appended at once, 20% of requests failing at random (seeded): all 5,000 delivered, in order, once', async ({ blank, apiKey, baseURL, request, ledger }) => {
  test.setTimeout(150_000);
  const SEED = 0x5c0ffee;
  const rand = seeded(SEED);
  const outcomes = { ok: 0, abort: 0, s500: 0, s503: 0, lostResponse: 0 };
  await blank.route('**/conversations', async (route) => {
    if (rand() >= 0.2) {
      outcomes.ok++;
      return route.continue();
    }
    const kind = Math.floor(rand() * 4);
    if (kind === 0) {
      outcomes.abort++;
      return route.abort('connectionreset');
    }
    if (kind === 1) {
      outcomes.s500++;
      return route.fulfill({ status: 500, contentType: 'application/problem+json', body: '{"title":"injected","status":500}' });
    }
    if (kind === 2) {
      outcomes.s503++;
      return route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"title":"injected","status":503}' });
    }
    outcomes.lostResponse++;
    await route.fetch().catch(() => {}); // stored by the collector, answer lost
    return route.abort('connectionreset');
  });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20, requestTimeoutMs: 10_000 });
  const t0 = Date.now();
  const convs = await blank.evaluate(async () => {
    const handles = Array.from({ length: 100 }, () => window.__rl.logger.conversation());
    const pending: Promise<{ id?: string }>[][] = handles.map(() => []);
    // Interleaved across conversations, nothing awaited until all 5,000 are asked for.
    for (let m = 0; m < 50; m++) {
      for (const [c, h] of handles.entries()) pending[c]!.push(h.append({ role: m % 2 ? 'assistant' : 'user', content: `c${c} m${m}` }));
    }
    return Promise.all(handles.map(async (h, c) => ({ id: h.id, ids: (await Promise.all(pending[c]!)).map((x) => x.id!) })));
  });
  const appendMs = Date.now() - t0;
  for (const [c, conv] of convs.entries()) ledger.appended(conv.id, conv.ids, conv.ids.map((_, m) => `c${c} m${m}`));
  expect(ledger.count).toBe(5_000);

  expect(await drain(blank, 90_000)).toEqual({ ok: true });
  await ledger.settle(30_000);
  const totalMs = Date.now() - t0;
  for (const conv of convs.slice(0, 100)) expect(await storedIds(request, conv.id)).toEqual(conv.ids); // in order
  expect((await stats(blank)).pending).toBe(0);
  const posts = await postsFor(request, apiKey);
  const failed = outcomes.abort + outcomes.s500 + outcomes.s503 + outcomes.lostResponse;
  const rate = failed / (failed + outcomes.ok);
  expect(rate).toBeGreaterThan(0.1);
  expect(rate).toBeLessThan(0.3);
  ledger.note(`appends ${appendMs} ms, delivered all in ${totalMs} ms; requests ${JSON.stringify(outcomes)} (${(rate * 100).toFixed(1)}% failed), ${posts.length} reached the collector`);
});
