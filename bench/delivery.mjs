/**
 * Delivery efficiency: 100 conversations x 20 messages appended in a chat-like rhythm (staggered
 * starts; an answer 200-1000 ms after a question, the next question 600-2,500 ms after an answer,
 * and one message in five a quick follow-up 50-200 ms after the one before), default config
 * (flushDelayMs 250), in one page against the collector.
 *  - requests and bytes the collector received (its request log), against the minimum: one
 *    request per conversation per flush window (windows formed greedily from each conversation's
 *    own append times: a window opens at an append and covers the next flushDelayMs), and the
 *    conversations' final payload sizes;
 *  - time from the last append resolving to every conversation's last revision acknowledged
 *    (the collector answers 200 only after storing; checked against its log afterwards).
 */
import { launchChromium } from './lib.mjs';
import { newCorePage } from './write-path.mjs';

export async function delivery({ origin, browser: given, conversations = 100, messages = 20, flushDelayMs = 250 } = {}) {
  const browser = given ?? (await launchChromium());
  const { context, page } = await newCorePage(browser, origin);
  const apiKey = `bench-delivery-${Date.now()}`;
  const r = await page.evaluate(
    async ({ apiKey, conversations, messages, flushDelayMs }) => {
      const rnd = window.__rnd;
      const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
      const logger = window.SC.createConversationLogger({ apiKey, analyticsUrl: location.origin, flushDelayMs });
      await logger.ready();
      const finalRev = new Map();
      const deliveredAt = new Map();
      let errors = 0;
      logger.on((e) => {
        if (e.type === 'stored') finalRev.set(e.key, e.rev);
        if (e.type === 'delivered') deliveredAt.set(e.key, { rev: e.rev, t: performance.now() });
        if (e.type === 'retry' || e.type === 'rejected' || e.type === 'blocked') errors++;
      });
      const appendTimes = [];
      let lastAppendDone = 0;
      const t0 = performance.now();
      const one = async (c) => {
        await sleep(rnd() * 4000);
        const conv = logger.conversation({ supportTicketConversationId: `T-${c}` });
        const times = [];
        let role = 'user';
        for (let m = 0; m < messages; m++) {
          if (m > 0) {
            const quick = rnd() < 0.2;
            await sleep(quick ? 50 + rnd() * 150 : role === 'assistant' ? 200 + rnd() * 800 : 600 + rnd() * 1900);
          }
          times.push(performance.now());
          await conv.append({ role, content: window.__text(role === 'user' ? 40 : 200, role === 'user' ? 200 : 900) });
          lastAppendDone = Math.max(lastAppendDone, performance.now());
          if (rnd() >= 0.2) role = role === 'user' ? 'assistant' : 'user';
        }
        appendTimes.push(times);
      };
      await Promise.all(Array.from({ length: conversations }, (_, c) => one(c)));
      const appendPhaseMs = performance.now() - t0;
      const done = () => [...finalRev].every(([k, rev]) => (deliveredAt.get(k)?.rev ?? -1) >= rev);
      const limit = performance.now() + 120_000;
      while (!done() && performance.now() < limit) await sleep(5);
      const allDelivered = done();
      const lastDelivered = Math.max(...[...deliveredAt.values()].map((d) => d.t));
      // Minimum: one request per conversation per flush window.
      let minRequests = 0;
      for (const times of appendTimes) {
        let windowEnd = -Infinity;
        for (const t of times) {
          if (t > windowEnd) {
            minRequests++;
            windowEnd = t + flushDelayMs;
          }
        }
      }
      const stats = logger.stats();
      logger.destroy();
      return { allDelivered, drainMs: lastDelivered - lastAppendDone, appendPhaseMs, minRequests, errors, stats, documents: finalRev.size };
    },
    { apiKey, conversations, messages, flushDelayMs },
  );
  await context.close();
  if (!given) await browser.close();

  const q = new URLSearchParams({ key: apiKey, method: 'POST', path: '/conversations' });
  const { entries } = await (await fetch(`${origin}/__admin/log?${q}`)).json();
  const last = new Map();
  for (const e of entries) if (e.status === 200) last.set(e.conversationId, e);
  const complete = [...last.values()].filter((e) => e.messageCount === messages).length;
  const finalBytes = [...last.values()].reduce((n, e) => n + e.bytes, 0);
  return {
    ...r,
    conversations,
    messages,
    requests: entries.length,
    non200: entries.filter((e) => e.status !== 200).length,
    bytes: entries.reduce((n, e) => n + e.bytes, 0),
    finalBytes,
    completeAtCollector: complete,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startCollector } = await import('./lib.mjs');
  const c = await startCollector();
  try {
    console.log(await delivery({ origin: c.url, conversations: Number(process.argv[2] ?? 100) }));
  } finally {
    await c.stop();
  }
}
