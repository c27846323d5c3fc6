/** Family 7: big conversations: past the 64 KiB keepalive budget on unload, and up to the 2 MB request limit. */
import { test, expect } from './ledger.ts';
import { append, drain, errors, postsFor, readIdb, start } from './helpers.ts';

test('a conversation over 64 KiB is never sent with keepalive on unload (a small one is), and the next start delivers it whole', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await blank.evaluate(() => localStorage.removeItem('rl:fetches'));
  // A long debounce: only the page-hide path may send before the next start.
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 60_000 }, { watchFetch: true });
  const big = await append(blank, ledger, ['big start', 'b'.repeat(40_000), 'c'.repeat(30_000), 'big end']);
  const small = await append(blank, ledger, ['small 1', 'small 2']);
  await blank.goto('about:blank'); // pagehide
  await blank.goto('/__test/blank.html');
  const fetches = await blank.evaluate(() => JSON.parse(localStorage.getItem('rl:fetches') ?? '[]') as { keepalive: boolean; bytes: number }[]);
  expect(fetches.length).toBeGreaterThanOrEqual(1);
  for (const f of fetches) if (f.keepalive) expect(f.bytes, 'a keepalive body over the 64 KiB budget').toBeLessThanOrEqual(65_536);
  expect(fetches.some((f) => f.keepalive && f.bytes < 10_000)).toBe(true); // the small one went with keepalive
  await expect.poll(async () => (await postsFor(request, apiKey)).some((e) => e.conversationId === small.id && e.status === 200)).toBe(true);

  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 }, { watchFetch: true });
  expect(await drain(blank)).toEqual({ ok: true });
  await ledger.settle();
  const posts = (await postsFor(request, apiKey)).filter((e) => e.conversationId === big.id && e.status === 200);
  expect(posts.at(-1)!.bytes).toBeGreaterThan(65_536);
  expect(posts.at(-1)!.messageCount).toBe(4);
});

test('a conversation growing past 2 MB: the append that would pass it is refused (conversation_too_large), nothing is truncated, all before it delivered; a new conversation continues', async ({ blank, apiKey, baseURL, request, ledger }) => {
  await start(blank, { apiKey, analyticsUrl: baseURL!, flushDelayMs: 20 });
  const chunk = 'x'.repeat(250_000);
  const result = await blank.evaluate(async (chunk) => {
    const c = window.__rl.logger.conversation();
    const ids: string[] = [];
    const contents: string[] = [];
    let refusal: { code: string; message: string } | null = null;
    for (let i = 0; i < 12 && !refusal; i++) {
      const content = `part ${i} ${chunk}`;
      await c.append({ role: 'user', content }).then(
        (m) => {
          ids.push(m.id!);
          contents.push(content);
        },
        (e: { code: string; message: string }) => (refusal = { code: e.code, message: e.message }),
      );
    }
    return { id: c.id, ids, contents, refusal: refusal as { code: string; message: string } | null };
  }, chunk);
  expect(result.refusal?.code).toBe('conversation_too_large');
  expect(result.refusal?.message).toMatch(/2097152|2 ?MB|limit/i);
  expect(result.ids.length).toBe(8);
  ledger.appended(result.id, result.ids, result.contents);
  ledger.refused(1, 'conversation_too_large');
  expect((await errors(blank)).map((e) => e.code)).toContain('conversation_too_large');
  const storedHere = (await readIdb(blank, 'outbox')).find(([k]) => k === `conversation:${result.id}`)![1] as { messages: unknown[] };
  expect(storedHere.messages).toHaveLength(8);

  const next = await append(blank, ledger, ['a new conversation after the limit']);
  expect(await drain(blank, 30_000)).toEqual({ ok: true });
  await ledger.settle(30_000);
  const last = (await postsFor(request, apiKey)).filter((e) => e.conversationId === result.id && e.status === 200).at(-1)!;
  expect(last.messageCount).toBe(8);
  expect(last.bytes).toBeGreaterThan(2_000_000);
  expect(last.bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
  void next;
});
