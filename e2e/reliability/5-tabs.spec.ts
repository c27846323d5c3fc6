/** Family 5: several tabs of one site at once; a tab closing while it holds a conversation's send lock. */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect } from './ledger.ts';
import { append, drain, newTab, postsFor, start, storedIds } from './helpers.ts';

/** Appends `n` messages to the shared conversation and `m` to the tab's own, interleaved, with short pauses. */
function burst(page: Page, shared: string, tag: string, n: number, m: number) {
  return page.evaluate(
    async ({ shared, tag, n, m }) => {
      const s = window.__rl.logger.conversation({ id: shared });
      const own = window.__rl.logger.conversation();
      const out = { shared: [] as string[], own: [] as string[], ownId: own.id };
      for (let i = 0; i < Math.max(n, m); i++) {
        if (i < n) out.shared.push((await s.append({ role: 'user', content: `${tag} shared ${i}` })).id!);
        if (i < m) out.own.push((await own.append({ role: i % 2 ? 'assistant' : 'user', content: `${tag} own ${i}` })).id!);
        if (i % 4 === 3) await new Promise((r) => setTimeout(r, 10));
      }
      return out;
    },
    { shared, tag, n, m },
  );
}

test('3 tabs append at once to one shared conversation and to their own: all delivered, each tab in order, never a shorter list', async ({ blank, context, apiKey, baseURL, request, ledger }) => {
  const tabs = [blank, await newTab(context), await newTab(context)];
  const cfg = { apiKey, analyticsUrl: baseURL!, flushDelayMs: 5 };
  await Promise.all(tabs.map((t) => start(t, cfg)));
  const shared = randomUUID();
  const results = await Promise.all(tabs.map((t, i) => burst(t, shared, 'ABC'[i]!, 30, 20)));
  for (const [i, r] of results.entries()) {
    ledger.appended(shared, r.shared, r.shared.map((_, k) => `${'ABC'[i]} shared ${k}`));
    ledger.appended(r.ownId, r.own, r.own.map((_, k) => `${'ABC'[i]} own ${k}`));
  }
  await Promise.all(tabs.map((t) => drain(t)));
  await ledger.settle();
  const stored = (await storedIds(request, shared))!;
  expect(stored).toHaveLength(90);
  for (const r of results) expect(stored.filter((m) => r.shared.includes(m))).toEqual(r.shared);
  const posts = (await postsFor(request, apiKey)).filter((e) => e.conversationId === shared);
  ledger.note(`${posts.length} POSTs for the shared conversation`);
});

test('the tab holding a conversation\'s send lock closes mid-request: the other tabs never send alongside it, then deliver all of it', async ({ blank: tabA, context, apiKey, baseURL, request, ledger }) => {
  let held = 0;
  await tabA.route('**/conversations', () => void held++); // A's request never comes back
  const cfg = { apiKey, analyticsUrl: baseURL!, flushDelayMs: 5, requestTimeoutMs: 60_000 };
  await start(tabA, cfg);
  const x = await append(tabA, ledger, ['from A 1', 'from A 2']);
  await expect.poll(() => held).toBe(1);
  // B and C open while A holds the lock (their start-up flush finds it busy).
  const tabB = await newTab(context);
  const tabC = await newTab(context);
  for (const t of [tabB, tabC]) await start(t, cfg);
  const fromB = await append(tabB, ledger, ['from B'], x.id);
  const fromC = await append(tabC, ledger, ['from C'], x.id);
  // Explicit flushes in B and C wait for A's lock rather than sending in parallel.
  for (const t of [tabB, tabC]) await t.evaluate(() => void (window.__rl.bg = window.__rl.logger.flush().then(() => 'ok', (e: { code: string }) => e.code)));
  await tabB.waitForTimeout(1_000);
  expect(await postsFor(request, apiKey), 'a POST went out while another tab held the lock').toHaveLength(0);

  await tabA.close();
  expect(await tabB.evaluate(() => window.__rl.bg)).toBe('ok');
  expect(await tabC.evaluate(() => window.__rl.bg)).toBe('ok');
  await ledger.settle();
  expect(await storedIds(request, x.id)).toEqual(expect.arrayContaining([...x.ids, ...fromB.ids, ...fromC.ids]));
  expect(await drain(tabB)).toEqual({ ok: true });
});
