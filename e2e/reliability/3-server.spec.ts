/** Family 3: the server fails: 5xx, 429/503 with Retry-After (seconds and HTTP date), hangs, or answers 200 into the void. */
import { test, expect } from './ledger.ts';
import { append, drain, fault, postsFor, start, stats, storedIds } from './helpers.ts';

test('500, then 502, then 503: retried until delivered, every conversation whole, once', async ({ blank, apiKey, baseURL, request, ledger }) => {
  for (const status of [500, 502, 503]) await fault(request, apiKey, { status, count: 1 });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['x1', 'x2', 'x3']);
  const b = await append(blank, ledger, ['y1']);
  await ledger.settle();
  await append(blank, ledger, ['x4'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  const statuses = (await postsFor(request, apiKey)).map((e) => e.status);
  for (const s of [500, 502, 503]) expect(statuses).toContain(s);
  void b;
});

test('429 with Retry-After in seconds: no request for any conversation before it ends, then all delivered', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await fault(request, apiKey, { status: 429, retryAfter: '2', count: 1 });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['r1', 'r2']);
  await expect.poll(async () => (await postsFor(request, apiKey)).length).toBeGreaterThanOrEqual(1);
  await append(blank, ledger, ['other during pause']);
  await append(blank, ledger, ['r3'], a.id);
  await ledger.settle(10_000);
  const log = await postsFor(request, apiKey);
  const t429 = Date.parse(log.find((e) => e.status === 429)!.time);
  for (const e of log.filter((e) => e.status !== 429)) expect(Date.parse(e.time) - t429, `POST seq ${e.seq} ignored Retry-After: 2`).toBeGreaterThanOrEqual(1_950);
});

test('503 with Retry-After as an HTTP date: the whole outbox waits until that date, then delivers', async ({ blank, apiKey, baseURL, request, ledger }) => {
  const until = Math.ceil((Date.now() + 3_000) / 1000) * 1000;
  await fault(request, apiKey, { status: 503, retryAfter: new Date(until).toUTCString(), count: 1 });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['d1']);
  await expect.poll(async () => (await postsFor(request, apiKey)).length).toBeGreaterThanOrEqual(1);
  const b = await append(blank, ledger, ['e1', 'e2']);
  // An explicit flush during the pause must not send either.
  expect(await blank.evaluate(() => window.__rl.logger.flush().then(() => 'ok', (e: { code: string }) => e.code))).toBe('delivery_failed');
  await append(blank, ledger, ['d2'], a.id);
  await ledger.settle(10_000);
  const log = await postsFor(request, apiKey);
  for (const e of log.filter((e) => e.status !== 503)) expect(Date.parse(e.time), `POST seq ${e.seq} came before the Retry-After date`).toBeGreaterThanOrEqual(until - 100);
  void b;
});

test('a request hanging until the client timeout is retried, while other conversations keep flowing', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await fault(request, apiKey, { mode: 'hang', count: 1 });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20, requestTimeoutMs: 1_500 });
  const a = await append(blank, ledger, ['hung 1', 'hung 2']);
  await expect.poll(async () => (await postsFor(request, apiKey)).length).toBe(1);
  const b = await append(blank, ledger, ['free 1']);
  // b does not wait behind a's hung request.
  await expect.poll(async () => storedIds(request, b.id), { timeout: 1_200 }).toEqual(b.ids);
  expect(await storedIds(request, a.id)).toBeNull();
  await append(blank, ledger, ['hung 3'], a.id);
  await ledger.settle(10_000);
  expect((await postsFor(request, apiKey)).filter((e) => e.conversationId === a.id)[0]!.status).toBeNull();
  expect(await drain(blank)).toEqual({ ok: true });
});

test('200 with the response lost (server stores, then cuts the connection): resent, not duplicated, never shorter', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await fault(request, apiKey, { mode: 'lose-response', count: 2 });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['l1', 'l2']);
  await expect.poll(async () => (await postsFor(request, apiKey)).length).toBeGreaterThanOrEqual(1);
  await append(blank, ledger, ['l3'], a.id);
  await ledger.settle(10_000);
  expect(await drain(blank)).toEqual({ ok: true });
  expect((await stats(blank)).pending).toBe(0);
  expect((await postsFor(request, apiKey)).filter((e) => e.fault?.mode === 'lose-response').length).toBe(2);
});

test('200 with the response lost on the way back (page.route: forwarded, then aborted) three times in a row while appending', async ({ blank, apiKey, baseURL, ledger }) => {
  let lost = 0;
  await blank.route('**/conversations', async (route) => {
    if (lost >= 3) return route.continue();
    await route.fetch(); // the collector stores it
    lost++;
    return route.abort('connectionreset');
  });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const a = await append(blank, ledger, ['v1']);
  for (let i = 2; i <= 6; i++) {
    await blank.waitForTimeout(60);
    await append(blank, ledger, [`v${i}`], a.id);
  }
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  expect(lost).toBe(3);
});

// KNOWN BUG (reported): same root cause as 1-lifecycle's stale POST. A slow server still holds
// the first POST when the client gives up on it (requestTimeoutMs) and releases the lock; the
// retry carries a newer list and is acknowledged; then the abandoned POST is processed and
// REPLACES the list with the older, shorter one. The record is `delivered`, so nothing repairs it.
test('a slow server past the client timeout: the abandoned POST must not land over a newer acknowledged list', async ({ blank, apiKey, baseURL, request, ledger }) => {
  test.fail(true, 'known bug: an abandoned (timed-out) POST can be processed after a newer one');
  await fault(request, apiKey, { latencyMs: 2_500, count: 1 });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20, requestTimeoutMs: 1_000 });
  const a = await append(blank, ledger, ['s1', 's2']);
  await expect.poll(async () => (await postsFor(request, apiKey)).length).toBe(1);
  await append(blank, ledger, ['s3'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await expect.poll(async () => (await postsFor(request, apiKey))[0]!.status, { timeout: 5_000 }).toBe(200); // the abandoned POST completes
  expect(await storedIds(request, a.id)).toHaveLength(3);
});
