/** Family 1: the page goes away mid-work (reload while typing, reload mid-flush, tab closed with a request in flight). */
import { randomUUID } from 'node:crypto';
import { test, expect } from './ledger.ts';
import { append, drain, fault, newTab, postsFor, start, stats, storedIds } from './helpers.ts';

test('reload in the middle of typing: every append that resolved is delivered after the reload, none twice', async ({ blank, apiKey, baseURL, ledger }) => {
  const cfg = { apiKey, analyticsUrl: baseURL!, flushDelayMs: 30 };
  await start(blank, cfg);
  const id = randomUUID();
  // The test chooses the ids, so it knows what was attempted even when the page dies before answering.
  const planned = Array.from({ length: 3_000 }, (_, i) => ({ id: `${id.slice(0, 8)}-m${i}`, content: `typing ${i}` }));
  ledger.attempted(id, planned.map((p) => p.id));
  const resolved: string[] = [];
  let enough!: () => void;
  const reached = new Promise<void>((r) => (enough = r));
  await blank.exposeFunction('rlResolved', (mid: string) => {
    resolved.push(mid);
    if (resolved.length === 40) enough();
  });
  await blank.evaluate(
    ({ id, planned }) => {
      const c = window.__rl.logger.conversation({ id });
      // A visitor typing fast: one append per keystroke-ish, not awaited by the test.
      void (async () => {
        for (const p of planned) {
          await c.append({ id: p.id, role: 'user', content: p.content });
          void (window as unknown as { rlResolved: (m: string) => void }).rlResolved(p.id);
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
    },
    { id, planned },
  );
  await reached;
  await blank.reload(); // typing is still going on
  const before = resolved.length;
  expect(before).toBeLessThan(planned.length); // the reload did cut typing short
  ledger.appended(id, [...resolved], planned.filter((p) => resolved.includes(p.id)).map((p) => p.content));

  // After the reload: the start-up flush, then the visitor continues the same conversation.
  await start(blank, cfg);
  const more = await append(blank, ledger, ['after reload 1', 'after reload 2'], id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  ledger.note(`${before} of ${planned.length} appends had resolved at the reload; +${more.ids.length} after`);
});

test('reload in the middle of a flush (stored by the server, answer never heard): resent whole, never shorter', async ({ blank, apiKey, baseURL, request, ledger }) => {
  const cfg = { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10 };
  let reached = 0;
  // The first POST reaches the collector (which stores it), but its answer is held until the page is gone.
  await blank.route(
    '**/conversations',
    async (route) => {
      await route.fetch().catch(() => {});
      reached++;
      await new Promise(() => {});
    },
    { times: 1 },
  );
  await start(blank, cfg);
  const a = await append(blank, ledger, ['one', 'two', 'three']);
  await append(blank, ledger, ['other 1']);
  await expect.poll(() => reached).toBe(1);
  await blank.reload(); // the flush is mid-way: stored, not acknowledged
  await start(blank, cfg);
  await append(blank, ledger, ['four'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  expect(await stats(blank)).toMatchObject({ pending: 0 });
});

// A POST the previous page abandoned (reload) is still being processed by a slow server; the new
// page, holding a fresh Web Lock, delivers a longer list; the stale POST then lands and REPLACES it
// (the API upserts by replacing messages). The new page cannot know whether the old one had a
// request in flight, so it treats what it found pending as an unknown outcome: once a newer
// revision is acknowledged, it sends the latest once more after the settle delay (2 x
// requestTimeoutMs from its start), so the last write is the longest.
test('reload while the server is still processing the old POST: the stale POST landing late is overwritten by one more send of the latest list', async ({ blank, apiKey, baseURL, request, ledger }) => {
  // Held long enough that the new page surely delivers first, even on a loaded machine (4 s was not:
  // a page reload there can take longer), and shorter than the settle window (2 x requestTimeoutMs
  // after giving up) that the convergence send waits for.
  const cfg = { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10, requestTimeoutMs: 5_000 };
  await fault(request, apiKey, { latencyMs: 9_000, count: 1 });
  await start(blank, cfg);
  const a = await append(blank, ledger, ['one', 'two', 'three']);
  await expect.poll(async () => (await postsFor(request, apiKey)).length).toBe(1);
  await blank.reload(); // while the first POST is held at the server
  await start(blank, cfg);
  await append(blank, ledger, ['four'], a.id);
  expect(await drain(blank)).toEqual({ ok: true });
  await expect.poll(async () => (await postsFor(request, apiKey))[0]!.status).toBe(200); // the held POST completes
  // It replaced the list with three messages; the convergence send puts the fourth back.
  await expect.poll(async () => (await storedIds(request, a.id))?.length).toBe(4);
  await expect.poll(async () => (await stats(blank)).settling).toBe(0);
  const mine = (await postsFor(request, apiKey)).filter((e) => e.conversationId === a.id);
  ledger.note(`${mine.length} POSTs for the conversation: ${mine.map((e) => `${e.messageCount} msgs ${e.status}`).join(', ')}`);
  expect(mine.map((e) => e.messageCount).slice(-2)).toEqual([4, 4]); // one extra send, the same list
});

test('tab closed while its request is black-holed; reopening delivers everything exactly once', async ({ blank, context, apiKey, baseURL, request, ledger }) => {
  const cfg = { apiKey, analyticsUrl: baseURL!, flushDelayMs: 10, requestTimeoutMs: 60_000 };
  let held = 0;
  // The request leaves the page and is never answered (no server fault: the route swallows it).
  await blank.route('**/conversations', () => void held++);
  await start(blank, cfg);
  const a = await append(blank, ledger, ['m1', 'm2']);
  await append(blank, ledger, ['n1']);
  await expect.poll(() => held).toBeGreaterThanOrEqual(1);
  expect(await stats(blank)).toMatchObject({ inFlight: expect.any(Number), pending: 2 });
  await blank.close({ runBeforeUnload: false });

  const again = await newTab(context);
  await start(again, cfg);
  await append(again, ledger, ['m3'], a.id);
  expect(await drain(again)).toEqual({ ok: true });
  await ledger.settle();
  // Nothing reached the server from the closed tab except what its pagehide keepalive may have sent.
  const posts = await postsFor(request, apiKey);
  ledger.note(`${held} request(s) black-holed; ${posts.length} reached the collector`);
});
