/**
 * Memory and storage: 10,000 messages (500 conversations x 20; each conversation's 20 messages
 * appended as one burst, 25 conversations at a time) delivered to the collector by one logger (default config), then:
 *  - JS heap used (CDP, after a forced GC) against the same page with the logger ready and empty;
 *  - IndexedDB usage (navigator.storage.estimate) and outbox record count after delivery, and after
 *    a reload with `retentionMs: 0` (delivered documents older than that are evicted at start-up),
 *    with the time that eviction took;
 *  - diagnostic: one append + flush() with the 500 delivered conversations stored, against the
 *    same on an empty outbox (every flush run reads and checks the whole outbox).
 */
import { launchChromium, median, sleep } from './lib.mjs';
import { newCorePage } from './write-path.mjs';

const PAGE_FNS = `(() => {
  window.__outboxCount = async () => {
    // The page's one project database (src/core/storage-names.ts: support-copilot:v1:p<partition>).
    const name = (await indexedDB.databases()).map((d) => d.name).find((n) => /^support-copilot:v1:p[0-9a-z]+$/.test(n));
    if (!name) return 0;
    return outboxCount(name);
  };
  const outboxCount = (name) => new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('outbox')) { db.close(); return resolve(0); }
      const c = db.transaction('outbox').objectStore('outbox').count();
      c.onsuccess = () => { db.close(); resolve(c.result); };
      c.onerror = () => { db.close(); reject(c.error); };
    };
    req.onerror = () => reject(req.error);
  });
  window.__usage = async () => (await navigator.storage.estimate()).usage;
  window.__appendFlush = async (logger, n) => {
    const conv = logger.conversation();
    const out = { append: [], flush: [] };
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await conv.append({ role: i % 2 ? 'assistant' : 'user', content: window.__text(100, 400) });
      const t1 = performance.now();
      await logger.flush();
      out.append.push(t1 - t0);
      out.flush.push(performance.now() - t1);
    }
    return out;
  };
})();`;

export async function memory({ origin, browser: given, conversations = 500, messages = 20, lanes = 25 } = {}) {
  const browser = given ?? (await launchChromium());
  const { context, page } = await newCorePage(browser, origin);
  await page.evaluate(PAGE_FNS);
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const apiKey = `bench-memory-${Date.now()}`;
  await page.evaluate((apiKey) => {
    window.__logger = window.SC.createConversationLogger({ apiKey, analyticsUrl: location.origin });
    return window.__logger.ready();
  }, apiKey);
  const emptyFlush = await page.evaluate(() => window.__appendFlush(window.__logger, 9));
  const heapBefore = await heap();
  const usageBefore = await page.evaluate(() => window.__usage());

  const fill = await page.evaluate(
    async ({ conversations, messages, lanes }) => {
      const logger = window.__logger;
      const ops0 = { ...window.__ops };
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          for (let c = next++; c < conversations; c = next++) {
            const conv = logger.conversation();
            // A conversation's messages as one burst (a transcript logged at once), 25 conversations at a time.
            await Promise.all(
              Array.from({ length: messages }, (_, m) =>
                conv.append({ role: m % 2 ? 'assistant' : 'user', content: window.__text(m % 2 ? 200 : 40, m % 2 ? 900 : 200) }),
              ),
            );
          }
        }),
      );
      const appendedMs = performance.now() - t0;
      const ops1 = { ...window.__ops };
      await logger.flush();
      const ops2 = { ...window.__ops };
      const d = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - a[k]]));
      return { appendedMs, deliveredMs: performance.now() - t0, stats: logger.stats(), opsAppend: d(ops0, ops1), opsFlush: d(ops1, ops2) };
    },
    { conversations, messages, lanes },
  );
  await sleep(500);
  const heapAfter = await heap();
  const usageAfter = await page.evaluate(() => window.__usage());
  const recordsAfter = await page.evaluate(() => window.__outboxCount());
  const fullFlush = await page.evaluate(() => window.__appendFlush(window.__logger, 9));

  // Retention: reload and start with retentionMs 0; delivered documents go at start-up.
  await page.evaluate(() => window.__logger.destroy());
  await page.reload();
  await page.evaluate(PAGE_FNS);
  const evict = await page.evaluate(async (apiKey) => {
    const t0 = performance.now();
    const logger = window.SC.createConversationLogger({ apiKey, analyticsUrl: location.origin, retentionMs: 0 });
    await logger.ready();
    const ready = performance.now() - t0;
    let count = await window.__outboxCount();
    while (count > 0 && performance.now() - t0 < 60_000) {
      await new Promise((r) => setTimeout(r, 20));
      count = await window.__outboxCount();
    }
    const evictedMs = performance.now() - t0;
    window.__logger = logger;
    return { readyMs: ready, evictedMs, recordsLeft: count };
  }, apiKey);
  await sleep(2000); // let the browser compact before asking for usage again
  const usageEvicted = await page.evaluate(() => window.__usage());
  await page.evaluate(() => window.__logger.destroy());
  await context.close();
  if (!given) await browser.close();
  return {
    conversations,
    messages,
    heapBefore,
    heapAfter,
    usageBefore,
    usageAfter,
    usageEvicted,
    recordsAfter,
    ...fill,
    evict,
    emptyAppendMs: median(emptyFlush.append.slice(2)),
    fullAppendMs: median(fullFlush.append.slice(2)),
    emptyFlushMs: median(emptyFlush.flush.slice(2)),
    fullFlushMs: median(fullFlush.flush.slice(2)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startCollector } = await import('./lib.mjs');
  const c = await startCollector();
  try {
    console.log(await memory({ origin: c.url, conversations: Number(process.argv[2] ?? 500) }));
  } finally {
    await c.stop();
  }
}
