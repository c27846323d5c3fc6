#!/usr/bin/env node
/**
 * `npm run bench`: every performance figure of the widget next to its floor or peer, measured in
 * the same run, printed as one table and written to bench/results/latest.json.
 * Benchmarks, not tests: this prints figures and never fails on timing.
 *
 *   node bench/run.mjs [--only size,host,write,delivery,memory,collector,lighthouse] [--quick]
 *
 * Builds first if dist/ is missing, then works on a snapshot of dist/ (a build elsewhere cannot
 * pull files away mid-run). Starts its own collector on a free port with a temporary data folder.
 * Machine load (1/5/15-minute load average) is recorded before and after each part: on a shared
 * machine, compare figures only within one run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, barePreactBundle, distComplete, launchChromium, load, setDistRoot, sleep, startCollector,
} from './lib.mjs';
import { compressed, measureSizes } from './size.mjs';
import { hostPage } from './host-page.mjs';
import { writePath } from './write-path.mjs';
import { delivery } from './delivery.mjs';
import { memory } from './memory.mjs';
import { collectorLoad } from './collector-load.mjs';
import { lighthouseBench } from './lighthouse.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only') ? new Set(args[args.indexOf('--only') + 1].split(',')) : null;
const quick = args.includes('--quick');
const want = (p) => !only || only.has(p);

// --- dist -------------------------------------------------------------------------------------
if (!distComplete()) {
  // Another build may be writing it right now: give it a moment before building ourselves.
  for (let i = 0; i < 30 && !distComplete(); i++) await sleep(2000);
  if (!distComplete()) {
    console.log('bench: dist/ missing, running npm run build');
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
const snapshot = join(ROOT, '.tmp', `bench-${process.pid}`);
rmSync(snapshot, { recursive: true, force: true });
mkdirSync(snapshot, { recursive: true });
cpSync(join(ROOT, 'dist'), join(snapshot, 'dist'), { recursive: true });
setDistRoot(snapshot);

// --- formatting -------------------------------------------------------------------------------
const n0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');
const n1 = (x) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 }) : '-');
const n2 = (x) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 }) : '-');
const ms = (x) => `${x < 10 ? n2(x) : n1(x)} ms`;
const B = (x) => `${n0(x)} B`;
const MB = (x) => `${n2(x / 1024 / 1024)} MB`;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);

const rows = [];
const notes = [];
/** One table row. `met` is true/false when there is a target, undefined otherwise. */
function row(part, figure, value, peer, r, target = '', met = undefined, note = '') {
  const entry = { part, figure, value, peer, ratio: r, target, met };
  if (note) {
    notes.push(note);
    entry.note = notes.length;
  }
  rows.push(entry);
}
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  loadAtStart: load(),
  parts: {},
};
const raw = {};
async function part(name, fn) {
  if (!want(name)) return;
  const before = load();
  const t0 = Date.now();
  process.stderr.write(`bench: ${name} (load ${before}) ... `);
  try {
    await fn();
    process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (e) {
    process.stderr.write(`failed: ${e?.stack ?? e}\n`);
    row(name, `${name} failed`, String(e?.message ?? e).slice(0, 80), '', NaN);
  }
  meta.parts[name] = { seconds: (Date.now() - t0) / 1000, loadBefore: before, loadAfter: load() };
}

// --- the parts --------------------------------------------------------------------------------
let collector;
let browser;
try {
  await part('size', async () => {
    const sizes = await measureSizes(snapshot);
    const peer = compressed(Buffer.from(await barePreactBundle()));
    raw.size = { sizes, barePreact: peer };
    const by = (prefix) => sizes.find((s) => s.name.startsWith(prefix));
    const fmt = (s) => `${B(s.gzip)} gz / ${B(s.brotli)} br`;
    const pp = `${B(peer.gzip)} gz / ${B(peer.brotli)} br (bare Preact launcher IIFE)`;
    const budget = (s) => (s.budget ? `<= ${B(s.budget)} gz (CI budget)` : '');
    const iife = by('script tag: dist/support-copilot.js');
    row('size', 'IIFE support-copilot.js (loader + launcher, before first paint)', fmt(iife), pp, ratio(iife.gzip, peer.gzip), '<= bare Preact launcher', iife.gzip <= peer.gzip);
    const coreChunk = by('script tag: core chunk');
    const work = by('script tag: work chunk');
    row('size', 'IIFE core chunk (fetched after first paint)', fmt(coreChunk), '', NaN, budget(coreChunk), coreChunk.gzip <= coreChunk.budget);
    // Issue 21: everything the visitor downloads before the first open is the loader and the core chunk.
    const before = iife.gzip + coreChunk.gzip;
    row('size', 'script tag: everything fetched before the first open (loader + core chunk)', `${B(before)} gz`, pp, ratio(before, peer.gzip), '<= 26,624 B gz', before <= 26 * 1024,
      `${before <= 26 * 1024 ? '' : `Missed by ${B(before - 26 * 1024)}. `}The work chunk (zod/mini, the API schemas and the delivery engine: ${B(work.gzip)}) is fetched on the first need: pointing at or opening the launcher, an API call that stores, records an earlier page stored (then at start), another tab of the site writing. A visitor who never writes gets no database either. The first open fetches it beside the panel chunk: ${B(before + work.gzip + by('script tag: panel chunk').gzip)} in all.`);
    const panel = by('script tag: panel chunk');
    row('size', 'IIFE panel chunk (on first open)', fmt(panel), '', NaN, budget(panel), panel.gzip <= panel.budget);
    const npm = by('npm: import { createSupportCopilot }');
    row('size', 'import { createSupportCopilot }', fmt(npm), pp, ratio(npm.gzip, peer.gzip), budget(npm), npm.gzip <= npm.budget);
    const core = by("npm: import { createConversationLogger }");
    const own = by('npm: headless core, own code only');
    row('size', 'headless core (with zod/mini, idb-keyval)', fmt(core), `${B(own.gzip)} gz own code`, ratio(core.gzip, own.gzip), '<= 20,480 B gz', core.gzip <= 20 * 1024,
      core.gzip <= 20 * 1024 ? '' : `Missed by ${B(core.gzip - 20 * 1024)}. Its own code alone is ${B(own.gzip)} gz and zod/mini for the API payload schemas ${B(core.gzip - own.gzip)} (object, array, optional, nullable and custom only; the configs and stored records are checked without zod). The CI budget (bench/size.mjs) guards against growth at ${B(core.budget)}.`);
  });

  // Node-only and CPU-bound: before the browser parts, and with nothing else of ours running.
  await part('collector', async () => {
    const r = await collectorLoad({ concurrency: 32, ms: quick ? 3000 : 8000 });
    raw.collector = r;
    row('collector', `POST /conversations, 20 messages (${n0(r.collector.bodyBytes)} B), ${r.concurrency} concurrent, rps`, `${n0(r.collector.rps)} req/s`, `${n0(r.bare.rps)} req/s bare Node http`, ratio(r.collector.rps, r.bare.rps), '', undefined,
      `Collector ${n0(r.collector.requests)} requests in ${r.seconds} s, ${r.collector.errors} non-200; it runs under tsx with zod validation, a request log and a SQLite (WAL) upsert per request on one thread. The bare server only reads the body.`);
    row('collector', 'POST /conversations p99 latency', ms(r.collector.p99), `${ms(r.bare.p99)} bare`, ratio(r.collector.p99, r.bare.p99), '', undefined);
    row('collector', 'POST /conversations median latency', ms(r.collector.p50), `${ms(r.bare.p50)} bare`, ratio(r.collector.p50, r.bare.p50));
  });

  if (['host', 'write', 'delivery', 'memory', 'lighthouse'].some(want)) {
    collector = await startCollector();
    browser = await launchChromium();
    meta.chromium = browser.version();
  }

  await part('host', async () => {
    const r = await hostPage({ origin: collector.url, browser, runs: quick ? 3 : 9 });
    raw.host = r;
    const paint = ratio(r.launcherPaintedMs, r.preactPaintedMs);
    row('host page', 'launcher painted (navigation start -> first frame with it), median', ms(r.launcherPaintedMs), `${ms(r.preactPaintedMs)} bare Preact`, paint, '<= 1.1x', paint <= 1.1,
      `Launcher in the DOM at ${ms(r.launcherInDomMs)} (bare Preact ${ms(r.preactInDomMs)}). The script tag is a loader (${n0(raw.size?.sizes?.[0]?.raw)} B minified against ${n0(raw.size?.barePreact?.raw)} B for the bare Preact launcher) that paints the launcher at once; the rest (support-copilot-core.js) is fetched after that frame.`);
    row('host page', 'main-thread script time, navigation -> widget ready + 300 ms (CDP ScriptDuration), median', ms(r.widgetScriptMs), `${ms(r.preactScriptMs)} bare Preact`, ratio(r.widgetScriptMs, r.preactScriptMs), '', undefined,
      `Same window on the host page alone: ${ms(r.blankScriptMs)} script. All main-thread task time (CDP TaskDuration): widget ${ms(r.widgetTaskMs)}, bare Preact ${ms(r.preactTaskMs)}, page alone ${ms(r.blankTaskMs)}. Widget ready (storage open, start-up delivery tried) at ${ms(r.widgetReadyMs)} median.`);
    const lt = r.longtasksWidget;
    row('host page', `long tasks > 50 ms during start, ${r.runs} page loads`, `${lt}${lt ? ` (longest ${ms(r.longestWidgetMs)})` : ''}`, `${r.longtasksPreact} bare Preact, ${r.longtasksBlank} page alone`, NaN, 'none from the widget', lt === 0);
    const slow = r.slowLongtasksWidget;
    const ours = r.slowLongtasksOurs;
    // What ran in each (Long Animation Frame scripts), most frequent first.
    const kinds = (list) => Object.entries(list.map((t) => t.replace(/^\d+ ms: /, '').replace(/ \d+ ms$/, '')).reduce((m, k) => ((m[k] = (m[k] ?? 0) + 1), m), {})).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}x ${k}`).join('; ');
    row('host page', `long tasks > 50 ms during start, CPU throttled 4x (CDP), ${r.runs} page loads`, `${slow}${slow ? ` (longest ${ms(r.slowLongestWidgetMs)})` : ''}`, `${r.slowLongtasksPreact} bare Preact, ${r.slowLongtasksBlank} page alone`, NaN, '', undefined,
      slow === 0 ? '' : `Every long task on the widget page, against the bare Preact page and the page alone in the same throttled run (the machine's own load puts some on every page). What ran in them (the longest script of each, from Long Animation Frame entries): widget page ${kinds(r.slowAttribution.widget) || '-'}; bare Preact ${kinds(r.slowAttribution.preact) || '-'}; page alone ${kinds(r.slowAttribution.blank) || '-'}.`);
    row('host page', `of those, with one of the widget's files running in them`, `${ours}${ours ? ` (longest ${ms(r.slowLongestOursMs)})` : ''}`, `${r.slowAttribution.preact.filter((t) => t.includes('bare-preact.js')).length} with bare-preact.js`, NaN, 'none from the widget', ours === 0,
      ours === 0 ? '' : `support-copilot.js (the loader: it paints the launcher in its own evaluation, as the bare Preact script does) and support-copilot-core.js (its evaluation, then the start's steps: resolve-promise entries) are ours. The widget is created in five tasks (widget/widget.ts), each step a task of its own; see bench/README.md for the profile of each.`);
    row('host page', 'first open: click -> panel painted (chunk load + Preact render), median', ms(r.firstOpenMs), '', NaN, '', undefined);
    row('host page', `long tasks > 50 ms during first open, ${r.runs} opens`, `${r.longtasksOpen}${r.longtasksOpen ? ` (longest ${ms(r.longestOpenMs)})` : ''}`, '', NaN, 'none from the widget', r.longtasksOpen === 0);
  });

  await part('lighthouse', async () => {
    const r = await lighthouseBench({ origin: collector.url, runs: quick ? 2 : 5 });
    raw.lighthouse = r;
    const sign = (x, f) => `${x >= 0 ? '+' : ''}${f(x)}`;
    const pts = (x) => `${Math.round(x)}`;
    row('lighthouse', `performance score, demo help page with the widget, median of ${r.runs}`, pts(r.score.with), `${pts(r.score.without)} without the widget`, NaN, 'difference <= 1 point', r.score.without - r.score.with <= 1,
      `Lighthouse ${r.version} (npm, installed on demand into bench/.lighthouse/), ${r.formFactor} preset, ${r.throttling} throttling, performance category, Debian's Chromium; the demo page (index.html) with its script tag and with that tag removed, alternating. Difference ${sign(r.score.diff, pts)} points. Medians with / without: FCP ${ms(r.fcp.with)} / ${ms(r.fcp.without)}, LCP ${ms(r.lcp.with)} / ${ms(r.lcp.without)}, Speed Index ${ms(r.si.with)} / ${ms(r.si.without)}, JS execution (bootup-time) ${ms(r.bootup.with)} / ${ms(r.bootup.without)}, main-thread work ${ms(r.mainThread.with)} / ${ms(r.mainThread.without)}, CLS ${n2(r.cls.with)} / ${n2(r.cls.without)}.`);
    row('lighthouse', 'Total Blocking Time, median', ms(r.tbt.with), `${ms(r.tbt.without)} without the widget`, NaN, 'difference <= 20 ms', r.tbt.diff <= 20);
  });

  await part('write', async () => {
    const r = await writePath({ origin: collector.url, browser, burstReps: quick ? 1 : 3 });
    raw.write = r;
    const a = ratio(r.appendMedianMs, r.rawMedianMs);
    row('write path', `append() resolved, median of ${r.samples} batches of 10 (delivery running)`, ms(r.appendMedianMs), `${ms(r.rawMedianMs)} bare 1-tx put`, a, '<= 1.2x', a <= 1.2,
      `The tab holding a conversation's write lock (Web Locks, kept while it writes and a second after) writes it without reading it first: an append is one put, as the peer is. A bare read-then-write in one transaction takes ${ms(r.rawGetPutMedianMs)} here. The rest is the core's own JS per append (message validation with zod/mini, ids, the record copy, its size from the previous one plus the message) and the promise hops to the transaction; with delivery held back append() takes ${ms(r.heldAppendMedianMs)}. Each sample is a batch of 10 calls awaited in turn, divided by 10 (the page's timer has 0.1 ms resolution, about one call).`);
    row('write path', 'append() p99', ms(r.appendP99Ms), `${ms(r.rawP99Ms)} bare put p99`, ratio(r.appendP99Ms, r.rawP99Ms));
    row('write path', 'bare get+put (read-modify-write) in one tx, median', ms(r.rawGetPutMedianMs), `${ms(r.rawMedianMs)} bare put`, ratio(r.rawGetPutMedianMs, r.rawMedianMs));
    row('write path', 'append() median, delivery held back', ms(r.heldAppendMedianMs), `${ms(r.heldRawMedianMs)} bare put`, ratio(r.heldAppendMedianMs, r.heldRawMedianMs));
    row('write path', "append() median, a conversation's later calls (the second batch of 10 of each)", ms(r.laterAppendMedianMs), `${ms(r.laterRawMedianMs)} bare put`, ratio(r.laterAppendMedianMs, r.laterRawMedianMs), '', undefined,
      `Delivery held back: ${ms(r.heldLaterAppendMedianMs)} against ${ms(r.heldLaterRawMedianMs)}, ${ratio(r.heldLaterAppendMedianMs, r.heldLaterRawMedianMs).toFixed(2)}x. The rest of the median above is each conversation's first append, in every other batch: it waits for the conversation's write lock (Web Locks, asked of the browser process) and reads the record once, the price of two tabs writing one conversation without losing a message; a bare put takes no lock.`);
    const b = ratio(r.burstMs, r.rawBurstMs);
    row('write path', 'burst: 10,000 append() (500 conv x 20) until all resolved, median', ms(r.burstMs), `${ms(r.rawBurstMs)} raw, 100 per tx`, b, '<= 2x', b <= 2,
      b <= 2 ? '' : 'The burst is slower than the batched raw writes; see the profile notes in the README.');
    row('write path', 'burst: readwrite transactions used', n0(r.burstTx), `${n0(r.rawBurstTx)} raw`, ratio(r.burstTx, r.rawBurstTx), 'few', r.burstTx <= 10);
    row('write path', 'burst: main thread busy issuing the 10,000 calls', ms(r.burstSyncMs), '', NaN, '', undefined,
      `Calling append() 10,000 times synchronously (validation, ids, identity per call) blocks the main thread for ${ms(r.burstSyncMs)} before the one transaction; applying all updates inside that transaction is another single task. A host logging a large transcript at once sees these as long tasks; chunking the calls (or a batch append API that yields) avoids it.`);
  });

  await part('delivery', async () => {
    const r = await delivery({ origin: collector.url, browser });
    raw.delivery = r;
    const q = ratio(r.requests, r.minRequests);
    row('delivery', `requests for ${r.conversations} conv x ${r.messages} msgs in a chat rhythm`, n0(r.requests), `${n0(r.minRequests)} min (1/conv/flush window)`, q, '<= 1.2x', q <= 1.2,
      q <= 1.2 ? (q < 1 ? `Below the per-window minimum: appends that arrive while a conversation's request is in flight ride on the next request, so slow round trips coalesce more than one window would. ${r.non200} non-200, ${r.completeAtCollector}/${r.conversations} conversations complete at the collector.` : '') : 'More requests than one per conversation per flush window: the flush timer is shared by all conversations, so one conversation\'s window can be cut short by another\'s; see README.');
    row('delivery', 'bytes sent (request bodies)', MB(r.bytes), `${MB(r.finalBytes)} final payloads`, ratio(r.bytes, r.finalBytes), '', undefined,
      'Every request carries the whole conversation (the API replaces the message list on upsert), so a conversation delivered over k windows sends about k/2 times its final size. Only a delta/append endpoint on the API could approach the final-payload floor.');
    row('delivery', 'last append -> collector holds everything', ms(r.drainMs), `${ms(250)} flush window`, ratio(r.drainMs, 250), '', undefined);
  });

  await part('memory', async () => {
    const r = await memory({ origin: collector.url, browser, conversations: quick ? 100 : 500 });
    raw.memory = r;
    const total = r.conversations * r.messages;
    const growth = r.heapAfter - r.heapBefore;
    row('memory', `JS heap growth after ${n0(total)} messages delivered (after GC)`, MB(growth), `${MB(r.heapBefore)} before`, NaN, '<= 1.50 MB', growth <= 1.5 * 1024 * 1024,
      `The logger keeps metadata of every stored record (no messages), and whole records only for conversations it holds the write lock of (while writing, and a second after; let go once delivered).`);
    row('memory', 'IndexedDB usage after delivery (storage.estimate)', MB(r.usageAfter), `${MB(r.usageBefore)} before`, ratio(r.usageAfter, r.usageBefore), '', undefined,
      `${n0(r.recordsAfter)} outbox records kept after delivery (default retention keeps delivered conversations 7 days, so a returning visitor can continue them).`);
    row('memory', 'IndexedDB usage after reload with retentionMs 0', MB(r.usageEvicted), `${MB(r.usageBefore)} before`, ratio(r.usageEvicted, r.usageBefore), 'delivered data evicted', r.evict.recordsLeft === 0,
      `${n0(r.evict.recordsLeft)} records left; start-up (ready) ${ms(r.evict.readyMs)}, all ${n0(r.recordsAfter)} evicted ${ms(r.evict.evictedMs)} after logger creation (evictions are issued together, so the write queue commits them in one transaction).`);
    row('memory', `append() with ${n0(r.recordsAfter)} delivered conversations stored, median`, ms(r.fullAppendMs), `${ms(r.emptyAppendMs)} empty outbox`, ratio(r.fullAppendMs, r.emptyAppendMs), '', undefined,
      'A running total of stored bytes; nothing per append depends on how much is stored.');
    const f = ratio(r.fullFlushMs, r.emptyFlushMs);
    row('memory', `flush() of one new message with ${n0(r.recordsAfter)} stored, median`, ms(r.fullFlushMs), `${ms(r.emptyFlushMs)} empty outbox`, f, '<= 1.2x', f <= 1.2,
      'A flush run reads the keys of the open set (kept in the same transactions as the records) and then only the records it sends.');
    const reads = r.opsAppend.read + r.opsFlush.read;
    const q = ratio(reads, r.conversations);
    row('memory', `delivering the ${n0(r.conversations)} conversations: outbox records read`, n0(reads), `${n0(r.conversations)} (each once)`, q, '<= 1.2x', q <= 1.2,
      `Records read (get, getAll, cursor steps) from the first append to the end of delivery: ${n0(r.opsAppend.read)} while appending, ${n0(r.opsFlush.read)} during the final flush, which took ${ms(r.deliveredMs - r.appendedMs)} after the appends (${ms(r.appendedMs)}); ${n0(r.opsAppend.getAll + r.opsFlush.getAll)} whole-store reads. A record is read once per send (under its write lock, so recording the outcome needs no second read), and not at all while this tab still holds it from writing.`);
  });
} finally {
  await browser?.close().catch(() => {});
  await collector?.stop().catch(() => {});
  rmSync(snapshot, { recursive: true, force: true });
}
meta.loadAtEnd = load();

// --- output -----------------------------------------------------------------------------------
const fmtRatio = (r) => (Number.isFinite(r) ? `${r < 10 ? n2(r) : n1(r)}x` : '');
const cells = rows.map((r) => [
  r.part, r.figure + (r.note ? ` [${r.note}]` : ''), r.value, r.peer, fmtRatio(r.ratio), r.target, r.met === undefined ? '' : r.met ? 'yes' : 'NO',
]);
const head = ['part', 'figure', 'value', 'floor/peer', 'ratio', 'target', 'met'];
const md = [
  `| ${head.join(' | ')} |`,
  `|${head.map(() => '---').join('|')}|`,
  ...cells.map((c) => `| ${c.map((x) => String(x).replace(/\|/g, '\\|')).join(' | ')} |`),
].join('\n');
console.log(`\nsupport-copilot-widget bench, ${meta.date}; ${meta.cpus} CPUs (${meta.cpu}); Node ${meta.node}; Chromium ${meta.chromium ?? '-'}`);
console.log(`load average (1/5/15 min): ${meta.loadAtStart} at start, ${meta.loadAtEnd} at end; per part: ${Object.entries(meta.parts).map(([k, v]) => `${k} ${v.loadBefore.split(' ')[0]}->${v.loadAfter.split(' ')[0]}`).join(', ')}\n`);
console.log(md);
if (notes.length) console.log(`\n${notes.map((t, i) => `[${i + 1}] ${t}`).join('\n')}`);
const met = rows.filter((r) => r.met !== undefined);
console.log(`\ntargets met: ${met.filter((r) => r.met).length}/${met.length}`);

const out = join(ROOT, 'bench/results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'latest.json'), JSON.stringify({ meta, rows, notes, markdown: md, raw }, null, 2));
console.log(`written: bench/results/latest.json`);
