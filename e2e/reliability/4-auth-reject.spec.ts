/** Family 4: the key is refused (401, 403) then fixed; one conversation refused (400/422) while others flow. */
import { randomUUID } from 'node:crypto';
import { test, expect } from './ledger.ts';
import { append, conversationOf, drain, errors, flush, postsFor, start, stats, storedIds } from './helpers.ts';

for (const [status, badKey] of [
  [401, () => `nope-${randomUUID()}`],
  [403, () => `test-revoked-${randomUUID()}`],
] as const) {
  test(`${status}: sending stops (no retry loop, more input kept), then update({ apiKey }) delivers everything`, async ({ blank, apiKey, baseURL, request, ledger }) => {
    const key = badKey();
    ledger.useKey(key);
    await start(blank, { apiKey: key, analyticsUrl: baseURL!, flushDelayMs: 20 });
    const a = await append(blank, ledger, ['k1', 'k2']);
    expect(await flush(blank)).toMatchObject({ ok: false, code: 'unauthorized' });
    const sent = (await postsFor(request, key)).length;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect((await postsFor(request, key)).every((e) => e.status === status)).toBe(true);
    await append(blank, ledger, ['k3'], a.id);
    await append(blank, ledger, ['other']);
    expect(await flush(blank)).toMatchObject({ ok: false, code: 'unauthorized' });
    await blank.waitForTimeout(1_200);
    expect(await postsFor(request, key), 'requests sent while blocked').toHaveLength(sent);
    expect((await errors(blank)).some((e) => e.code === 'unauthorized')).toBe(true);

    await blank.evaluate((apiKey) => window.__rl.logger.update({ apiKey }), apiKey);
    await ledger.settle();
    expect(await drain(blank)).toEqual({ ok: true });
    expect(await stats(blank)).toMatchObject({ blocked: 0, pending: 0 });
  });
}

test('400 on one conversation and 422 on another while three others keep flowing: refused ones kept, reported, never looped; delivered once accepted', async ({ blank, apiKey, baseURL, request, ledger }) => {
  const refuse = new Map<string, number>([[randomUUID(), 400], [randomUUID(), 422]]);
  const hits = new Map<string, number>();
  let accepting = false;
  await blank.route('**/conversations', (route) => {
    const id = conversationOf(route) ?? '';
    hits.set(id, (hits.get(id) ?? 0) + 1);
    const status = refuse.get(id);
    if (!accepting && status) {
      return route.fulfill({ status, contentType: 'application/problem+json', body: JSON.stringify({ title: 'refused', status, detail: `refused by the test (${status})` }) });
    }
    return route.continue();
  });
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const [x400, x422] = [...refuse.keys()] as [string, string];
  const bad = [await append(blank, ledger, ['bad400 1', 'bad400 2'], x400), await append(blank, ledger, ['bad422 1'], x422)];
  const good = [await append(blank, ledger, ['g1']), await append(blank, ledger, ['h1']), await append(blank, ledger, ['i1'])];
  await expect.poll(async () => (await stats(blank)).rejected).toBe(2);
  // The others keep flowing, over several rounds of appends and flushes.
  for (let round = 0; round < 4; round++) {
    for (const [i, g] of good.entries()) await append(blank, ledger, [`${'ghi'[i]}${round + 2}`], g.id);
    await flush(blank);
    await blank.waitForTimeout(150);
  }
  for (const g of good) expect((await storedIds(request, g.id))?.length).toBe(5);
  expect(hits.get(x400)).toBe(1);
  expect(hits.get(x422)).toBe(1);
  expect(await storedIds(request, x400)).toBeNull();
  expect((await stats(blank)).rejected).toBe(2);
  const rejected = (await errors(blank)).filter((e) => e.code === 'rejected');
  expect(rejected.map((e) => e.key).sort()).toEqual([`conversation:${x400}`, `conversation:${x422}`].sort());
  // Kept on the device, whole.
  for (const b of bad) expect((await blank.evaluate((id) => window.__rl.logger.conversation({ id }).messages(), b.id)).map((m) => m.id)).toEqual(b.ids);

  // The server accepts again: the next message carries everything kept.
  accepting = true;
  for (const b of bad) await append(blank, ledger, ['after fix'], b.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  expect((await stats(blank)).rejected).toBe(0);
  void (await postsFor(request, apiKey));
});
