/** Status policy in a real browser against the collector: retry, pause, blocked, rejected. */
import { randomUUID } from 'node:crypto';
import { test, expect } from './fixtures.ts';
import { append, errors, faultFor, flush, logFor, sleep, startLogger, stats, storedConversation } from './core-helpers.ts';

const contentsOf = (c: { messages: { content: string | null }[] } | null) => c?.messages.map((m) => m.content) ?? null;

test.describe('transient failures are retried until delivered', () => {
  test('500 then 200', async ({ blank, apiKey, collector, baseURL }) => {
    await collector.fault({ path: '/conversations', status: 500, count: 1 });
    await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
    const { id } = await append(blank, ['a', 'b', 'c']);
    await expect.poll(async () => contentsOf(await collector.conversation(id))).toEqual(['a', 'b', 'c']);
    const log = await collector.log('/conversations');
    expect(log.map((e) => e.status)).toEqual([500, 200]);
    expect(log[1]!.messageCount).toBe(3);
    // The server may hold it a moment before the page has recorded the acknowledgement.
    await expect.poll(async () => (await stats(blank)).pending).toBe(0);
  });

  test('429 with Retry-After: 1 waits at least a second, pausing every conversation, then delivers', async ({ blank, apiKey, collector, baseURL, request }) => {
    await collector.fault({ path: '/conversations', status: 429, retryAfter: '1', count: 1 });
    await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
    const first = await append(blank, ['one', 'two']);
    await expect.poll(async () => (await collector.log('/conversations')).length).toBe(1);
    // A second conversation appended during the pause must wait too (429 pauses the whole outbox).
    const second = await append(blank, ['other']);
    await expect.poll(async () => contentsOf(await collector.conversation(first.id))).toEqual(['one', 'two']);
    await expect.poll(async () => contentsOf(await collector.conversation(second.id))).toEqual(['other']);
    const log = await logFor(request, apiKey);
    expect(log[0]!.status).toBe(429);
    const t429 = Date.parse(log[0]!.time);
    const later = log.slice(1);
    expect(later.length).toBeGreaterThanOrEqual(2);
    for (const e of later) {
      expect(e.status).toBe(200);
      // Log times have millisecond resolution at request start; allow a little clock slack.
      expect(Date.parse(e.time) - t429, `POST seq ${e.seq} came too early after the 429`).toBeGreaterThanOrEqual(950);
    }
  });

  test('network error (route abort) then 200', async ({ blank, apiKey, collector, baseURL }) => {
    let aborted = 0;
    await blank.route('**/conversations', (r) => (aborted++ === 0 ? r.abort() : r.continue()));
    await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
    const { id, ids } = await append(blank, ['x', 'y']);
    await expect.poll(async () => (await collector.conversation(id))?.messages.map((m) => m.id)).toEqual(ids);
    expect(aborted).toBeGreaterThanOrEqual(2);
    expect((await collector.log('/conversations')).map((e) => e.status)).toEqual([200]);
  });

  test('dropped connection (drop fault) then 200', async ({ blank, apiKey, collector, baseURL }) => {
    await collector.fault({ path: '/conversations', mode: 'drop', count: 1 });
    // Only flush() and the retry timer send here (no debounce racing the explicit flush).
    await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 60_000 });
    const { id, ids } = await append(blank, ['x', 'y', 'z']);
    const r = await flush(blank);
    expect(r).toMatchObject({ ok: false, code: 'delivery_failed' });
    await expect.poll(async () => (await collector.conversation(id))?.messages.map((m) => m.id)).toEqual(ids);
    expect((await collector.log('/conversations')).map((e) => e.status)).toEqual([null, 200]);
  });
});

for (const [status, badKey] of [
  [401, () => `nope-${randomUUID()}`],
  [403, () => `test-revoked-${randomUUID()}`],
] as const) {
  test(`${status} stops sending until the key is fixed, then delivers everything`, async ({ blank, apiKey, baseURL, request }) => {
    const key = badKey();
    await startLogger(blank, { apiKey: key, analyticsUrl: baseURL!, flushDelayMs: 20, requestTimeoutMs: 3_000 });
    const { id, ids } = await append(blank, ['m1', 'm2']);
    await expect.poll(async () => (await logFor(request, key)).length).toBe(1);
    await expect.poll(async () => (await errors(blank)).map((e) => e.code)).toEqual(['unauthorized']);
    expect((await logFor(request, key))[0]!.status).toBe(status);
    expect((await stats(blank)).blocked).toBe(1);
    const sent = 1;

    // More input and explicit flushes must not send anything while blocked.
    const more = await append(blank, ['m3'], id);
    const other = await append(blank, ['o1']);
    // A still-pending document makes flush() try: it must report the block without sending.
    expect(await flush(blank)).toMatchObject({ ok: false, code: 'unauthorized' });
    await sleep(2_500);
    expect(await logFor(request, key)).toHaveLength(sent);
    expect((await stats(blank)).blocked).toBeGreaterThanOrEqual(1);

    await blank.evaluate((apiKey) => window.__sc.logger.update({ apiKey }), apiKey);
    await expect.poll(async () => (await storedConversation(request, id))?.messages.map((m) => m.id)).toEqual([...ids, ...more.ids]);
    await expect.poll(async () => (await storedConversation(request, other.id))?.messages.map((m) => m.id)).toEqual(other.ids);
    expect(await flush(blank)).toEqual({ ok: true });
    expect(await logFor(request, key)).toHaveLength(sent);
    expect((await stats(blank)).blocked).toBe(0);
  });
}

test('422 keeps the data, reports it once and never loops on it', async ({ blank, apiKey, collector, baseURL }) => {
  await collector.fault({ path: '/conversations', status: 422, count: -1 });
  // Only flush() sends here (no debounce racing it).
  await startLogger(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 60_000 });
  const { id, ids } = await append(blank, ['p', 'q']);
  const r = await flush(blank);
  expect(r).toMatchObject({ ok: false, code: 'rejected' });
  const rejectedErrors = async () => (await errors(blank)).filter((e) => e.code === 'rejected');
  expect(await rejectedErrors()).toHaveLength(1);
  const kept = await blank.evaluate((id) => window.__sc.logger.conversation({ id }).messages(), id);
  expect(kept.map((m) => m.id)).toEqual(ids);
  expect((await stats(blank)).rejected).toBe(1);
  const count = (await collector.log('/conversations')).length;
  expect(count).toBe(1);

  // No re-send on flush or over time.
  await flush(blank);
  await sleep(1_500);
  expect(await collector.log('/conversations')).toHaveLength(count);
  expect(await rejectedErrors()).toHaveLength(1);

  // New content gets one more try (still refused here), reported again, not looped.
  await append(blank, ['r'], id);
  expect(await flush(blank)).toMatchObject({ ok: false, code: 'rejected' });
  expect(await collector.log('/conversations')).toHaveLength(count + 1);
  expect((await collector.log('/conversations'))[count]!.messageCount).toBe(3);
  expect(await rejectedErrors()).toHaveLength(2);
  await flush(blank);
  // The one more try arrives (however loaded the machine), and is not looped.
  await expect.poll(async () => (await collector.log('/conversations')).length).toBe(count + 1);
  await sleep(1_200);
  expect(await collector.log('/conversations')).toHaveLength(count + 1);

  // Once the server accepts again, the next message delivers everything kept.
  await collector.clearFaults();
  const last = await append(blank, ['s'], id);
  expect(await flush(blank)).toEqual({ ok: true });
  expect((await collector.conversation(id))?.messages.map((m) => m.id)).toEqual([...ids, expect.any(String), ...last.ids]);
  expect((await stats(blank)).rejected).toBe(0);
});

// flush() must report a blocked document whether the 401 came from its own try or from an earlier
// background (debounced) send. (Regression guard: before src/logger/conversation-logger.ts flush() added
// blocked records to its results, it resolved here although nothing was delivered.)
test('flush() rejects with unauthorized while a document is blocked, even if the 401 came from a background send', async ({ blank, baseURL, request }) => {
  const key = `nope-${randomUUID()}`;
  await startLogger(blank, { apiKey: key, analyticsUrl: baseURL!, flushDelayMs: 10 });
  const { id } = await append(blank, ['m1']);
  await expect.poll(async () => (await logFor(request, key)).length).toBe(1);
  await expect.poll(async () => (await stats(blank)).blocked).toBe(1);
  expect(await storedConversation(request, id)).toBeNull();
  expect(await flush(blank)).toMatchObject({ ok: false, code: 'unauthorized' });
});
