/**
 * Write path of the headless core (dist/core.js bundled with its dependencies), in one page on the
 * collector's origin:
 *  - `append()` awaited one at a time (25 conversations x 20 messages, background delivery on, as
 *    in real use) against a bare one-transaction IndexedDB `put` of the same record (the whole
 *    conversation record as the outbox stores it) into another database of the same page; timed in
 *    batches of 10 calls (one sample = batch time / 10: the page's timer has 0.1 ms resolution),
 *    the kinds interleaved batch by batch, order rotating. Diagnostics beside it: a raw get+put in one
 *    transaction (the read-modify-write the outbox needs for cross-tab safety), and the same
 *    figures again with delivery held back (no background flushes competing).
 *  - a burst of 10,000 appends (500 conversations x 20 messages) started without awaiting each,
 *    against 10,000 raw `put`s of the same messages, 100 per transaction (all transactions issued
 *    at once). Readwrite transactions on the outbox database are counted. Delivery is held back
 *    (flushDelayMs 60 s) during the burst so the figure is the store's alone.
 */
import { coreBundle, html, js, launchChromium, median, percentile, routeBench, HOST_CONTENT } from './lib.mjs';

/**
 * Counts, per database, readwrite transactions (`__tx`) and, for the outbox, every record read
 * (`__ops.read`: records returned by `getAll`, `get` and each cursor step) and puts; installed
 * before any page script.
 */
export const TX_COUNTER = `(() => {
  const counts = (window.__tx = {});
  const ops = (window.__ops = { getAll: 0, getAllRecords: 0, get: 0, cursor: 0, read: 0, put: 0 });
  const orig = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (names, mode, ...rest) {
    if (mode === 'readwrite') counts[this.name] = (counts[this.name] ?? 0) + 1;
    return orig.call(this, names, mode, ...rest);
  };
  // A project's outbox database: support-copilot:v1:p<partition> (src/core/storage-names.ts).
  const outbox = (os) => /^support-copilot:v1:p[0-9a-z]+$/.test(os.transaction.db.name) && os.name === 'outbox';
  const getAll = IDBObjectStore.prototype.getAll;
  IDBObjectStore.prototype.getAll = function (...a) {
    const r = getAll.apply(this, a);
    if (outbox(this)) {
      ops.getAll++;
      r.addEventListener('success', () => ((ops.getAllRecords += r.result.length), (ops.read += r.result.length)));
    }
    return r;
  };
  const get = IDBObjectStore.prototype.get;
  IDBObjectStore.prototype.get = function (...a) {
    const r = get.apply(this, a);
    if (outbox(this)) r.addEventListener('success', () => r.result !== undefined && (ops.get++, ops.read++));
    return r;
  };
  const openCursor = IDBObjectStore.prototype.openCursor;
  IDBObjectStore.prototype.openCursor = function (...a) {
    const r = openCursor.apply(this, a);
    if (outbox(this)) r.addEventListener('success', () => r.result && (ops.cursor++, ops.read++));
    return r;
  };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...a) {
    if (outbox(this)) ops.put++;
    return put.apply(this, a);
  };
})();`;

/** Page-side helpers shared by the browser parts: message text and a raw IndexedDB store. */
export const PAGE_HELPERS = `(() => {
  const words = 'account billing invoice password reset login export data team member plan upgrade refund api key token webhook error timeout retry sync'.split(' ');
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  window.__text = (min, max) => {
    const n = Math.floor(min + rnd() * (max - min));
    let s = '';
    while (s.length < n) s += words[Math.floor(rnd() * words.length)] + ' ';
    return s.slice(0, n);
  };
  window.__rnd = rnd;
  window.__rawDb = (name) => new Promise((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('rec');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  window.__rawPut = (db, pairs) => new Promise((resolve, reject) => {
    const t = db.transaction('rec', 'readwrite');
    const os = t.objectStore('rec');
    for (const [k, v] of pairs) os.put(v, k);
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
  window.__deleteDb = (name) => new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
  // The outbox record as the core stores it, built from the messages append() returned.
  window.__record = (id, messages, now) => ({
    v: 1, kind: 'conversation', id,
    body: { id, type: 'support_copilot', createdAt: messages[0].createdAt, updatedAt: messages.at(-1).updatedAt, userProperties: { id: 'anon' } },
    messages: messages.slice(), rev: messages.length, ackedRev: 0, attempts: 0, nextAttemptAt: 0, state: 'pending', lastError: null, touchedAt: now,
  });
})();`;

export async function newCorePage(browser, origin) {
  const context = await browser.newContext();
  await context.addInitScript(TX_COUNTER);
  await context.addInitScript(PAGE_HELPERS);
  const page = await context.newPage();
  await routeBench(page, {
    'core.html': html(`${HOST_CONTENT}<script src="/__bench/core.js"></script>`),
    'core.js': js(await coreBundle()),
  });
  await page.goto(`${origin}/__bench/core.html`);
  return { context, page };
}

export async function writePath({ origin, browser: given, burstReps = 3 } = {}) {
  const browser = given ?? (await launchChromium());

  // 1. append() one at a time vs a bare one-transaction put of the same record.
  let { context, page } = await newCorePage(browser, origin);
  const sequential = (holdDelivery) =>
    page.evaluate(async (holdDelivery) => {
      const logger = window.SC.createConversationLogger({
        apiKey: 'bench-write', analyticsUrl: location.origin, ...(holdDelivery ? { flushDelayMs: 600_000 } : {}),
      });
      await logger.ready();
      const raw = await window.__rawDb(`bench-raw-${holdDelivery}`);
      const out = { append: [], put: [], getPut: [], appendLater: [], putLater: [] };
      const time = async (fn) => {
        const t0 = performance.now();
        await fn();
        return performance.now() - t0;
      };
      // A read-modify-write in one transaction, as the outbox does (get, then put in its callback).
      const getPut = (key, rec) =>
        new Promise((resolve, reject) => {
          const t = raw.transaction('rec', 'readwrite');
          const os = t.objectStore('rec');
          const g = os.get(key);
          g.onsuccess = () => os.put(rec, key);
          t.oncomplete = () => resolve();
          t.onerror = t.onabort = () => reject(t.error);
        });
      // Timed in batches of BATCH calls awaited one after another, each sample the batch's time / BATCH:
      // performance.now() is coarsened to 0.1 ms here, about the size of a single call.
      const BATCH = 10;
      const batch = async (conv, msgs, n, measure, later) => {
        const inputs = Array.from({ length: BATCH }, (_, i) => (i % 2 ? 'assistant' : 'user')).map((role) => ({
          role, content: window.__text(role === 'user' ? 40 : 200, role === 'user' ? 200 : 900),
        }));
        // The records the raw writes store are the ones these appends produce (same size and shape), built before timing.
        const grown = [...msgs];
        const recs = inputs.map((input) => {
          grown.push({ ...input, id: crypto.randomUUID(), createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() });
          return window.__record(conv.id, grown, Date.now());
        });
        const key = `conversation:${conv.id}`;
        const steps = [
          ['append', async () => { for (const input of inputs) msgs.push(await conv.append(input)); }],
          ['put', async () => { for (const rec of recs) await window.__rawPut(raw, [[key, rec]]); }],
          ['getPut', async () => { for (const rec of recs) await getPut(`gp:${key}`, rec); }],
        ];
        // Rotate the order so none always runs right after another's commit.
        const k = n % 3;
        for (const [name, fn] of [...steps.slice(k), ...steps.slice(0, k)]) {
          const dt = await time(fn);
          if (measure) out[name].push(dt / BATCH);
          // A conversation's later calls: its first append (in the first batch) takes its write lock and reads it once.
          if (measure && later && `${name}Later` in out) out[`${name}Later`].push(dt / BATCH);
        }
      };
      let n = 0;
      for (let c = 0; c < 27; c++) {
        const conv = logger.conversation();
        const msgs = [];
        for (let b = 0; b < 20 / BATCH; b++) await batch(conv, msgs, n++, c >= 2, b > 0); // 2 warm-up conversations
      }
      if (!holdDelivery) await logger.flush().catch(() => {});
      logger.destroy();
      return out;
    }, holdDelivery);
  const seq = await sequential(false);
  const held = await sequential(true);
  await context.close();

  // 2. Burst of 10,000 vs 100-per-transaction raw writes.
  const bursts = [];
  for (let rep = 0; rep < burstReps; rep++) {
    ({ context, page } = await newCorePage(browser, origin));
    bursts.push(
      await page.evaluate(async () => {
        const C = 500;
        const M = 20;
        const inputs = [];
        for (let c = 0; c < C; c++) {
          const row = [];
          for (let m = 0; m < M; m++) row.push({ role: m % 2 ? 'assistant' : 'user', content: window.__text(m % 2 ? 200 : 40, m % 2 ? 900 : 200) });
          inputs.push(row);
        }
        // Raw peer: the same 10,000 messages as records, 100 per transaction, all issued at once.
        const raw = await window.__rawDb('bench-raw-burst');
        const now = new Date().toISOString();
        const pairs = inputs.flat().map((m, i) => [`m${i}`, { ...m, id: crypto.randomUUID(), createdAt: now, updatedAt: now }]);
        const rawTx0 = window.__tx['bench-raw-burst'] ?? 0;
        let t0 = performance.now();
        const txs = [];
        for (let i = 0; i < pairs.length; i += 100) txs.push(window.__rawPut(raw, pairs.slice(i, i + 100)));
        await Promise.all(txs);
        const rawMs = performance.now() - t0;
        const rawTx = (window.__tx['bench-raw-burst'] ?? 0) - rawTx0;

        const logger = window.SC.createConversationLogger({ apiKey: 'bench-burst', analyticsUrl: location.origin, flushDelayMs: 60_000 });
        await logger.ready();
        const convs = inputs.map(() => logger.conversation());
        const projectTx = () => Object.entries(window.__tx).filter(([n]) => /^support-copilot:v1:p[0-9a-z]+$/.test(n)).reduce((a, [, v]) => a + v, 0);
        const tx0 = projectTx();
        t0 = performance.now();
        const ps = [];
        for (let c = 0; c < C; c++) for (let m = 0; m < M; m++) ps.push(convs[c].append(inputs[c][m]));
        const syncMs = performance.now() - t0;
        await Promise.all(ps);
        const burstMs = performance.now() - t0;
        const tx = projectTx() - tx0;
        const stats = logger.stats();
        logger.destroy();
        return { rawMs, rawTx, burstMs, syncMs, tx, pending: stats.pending };
      }),
    );
    await context.close();
  }
  if (!given) await browser.close();
  return {
    samples: seq.append.length,
    appendMedianMs: median(seq.append),
    appendP99Ms: percentile(seq.append, 99),
    rawMedianMs: median(seq.put),
    rawP99Ms: percentile(seq.put, 99),
    rawGetPutMedianMs: median(seq.getPut),
    heldAppendMedianMs: median(held.append),
    laterAppendMedianMs: median(seq.appendLater),
    laterRawMedianMs: median(seq.putLater),
    heldLaterAppendMedianMs: median(held.appendLater),
    heldLaterRawMedianMs: median(held.putLater),
    heldAppendP99Ms: percentile(held.append, 99),
    heldRawMedianMs: median(held.put),
    burstMs: median(bursts.map((b) => b.burstMs)),
    burstSyncMs: median(bursts.map((b) => b.syncMs)),
    burstTx: median(bursts.map((b) => b.tx)),
    burstPending: bursts[0].pending,
    rawBurstMs: median(bursts.map((b) => b.rawMs)),
    rawBurstTx: bursts[0].rawTx,
    bursts,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startCollector } = await import('./lib.mjs');
  const c = await startCollector();
  try {
    console.log(await writePath({ origin: c.url, burstReps: Number(process.argv[2] ?? 2) }));
  } finally {
    await c.stop();
  }
}
