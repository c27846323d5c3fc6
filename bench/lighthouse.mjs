/**
 * Lighthouse as a site owner runs it (issue 21, target 6): the npm `lighthouse` package driving
 * Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), its default config (the mobile
 * preset: a Moto G Power screen, simulated 4x CPU and slow 4G), performance category only, on the
 * demo help page (index.html) WITH the widget's script tag and WITHOUT it (the same page with that
 * one tag removed), alternating, 5 runs each (`node bench/lighthouse.mjs [runs]`). Medians of the
 * performance score and Total Blocking Time, and their differences.
 *
 * Lighthouse is not a devDependency: it adds about 200 packages and 185 MB to node_modules and
 * 35 s to every `npm ci` (measured 2026-12-07). It is installed on first use into the gitignored
 * bench/.lighthouse/ (pinned below; 12.x is the last line that runs on Node 20, 13.x needs 22.19).
 *
 * The pages are served by a small server of this script on one origin: `/with.html` and
 * `/without.html`, the script-tag files from dist/ (the snapshot run.mjs took), and everything else
 * (stub.js, demo.js, the styles, the API the widget posts to) proxied to the reference collector.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, median, readDist } from './lib.mjs';

export const LIGHTHOUSE_VERSION = '12.8.2';
const PREFIX = join(ROOT, 'bench/.lighthouse');
const MODULES = join(PREFIX, 'node_modules');

/** Installs the pinned Lighthouse into bench/.lighthouse/ unless it is there already. */
function ensureLighthouse() {
  const pkg = join(MODULES, 'lighthouse/package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === LIGHTHOUSE_VERSION) return;
  process.stderr.write(`bench: installing lighthouse@${LIGHTHOUSE_VERSION} into bench/.lighthouse/ (once) ... `);
  const r = spawnSync('npm', ['install', '--prefix', PREFIX, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `lighthouse@${LIGHTHOUSE_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm install lighthouse@${LIGHTHOUSE_VERSION} failed (${r.status})`);
}

/** The demo page as `npm start` serves it, and the same page without the widget's script tag. */
function pages() {
  const page = readFileSync(join(ROOT, 'index.html'), 'utf8');
  const tag = /<script async src="\/support-copilot\.js"[\s\S]*?<\/script>/;
  if (!tag.test(page)) throw new Error("index.html: the widget's script tag was not found");
  return { 'with.html': page, 'without.html': page.replace(tag, '') };
}

/** One origin for both pages, the dist snapshot's script-tag files, and the collector for the rest. */
async function serve(collectorUrl) {
  const html = pages();
  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url, 'http://x').pathname;
      const name = path.slice(1);
      if (html[name] !== undefined) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html[name]);
      if (/^support-copilot(-[a-z-]+)?\.js(\.map)?$/.test(name)) return void res.writeHead(200, { 'content-type': name.endsWith('.map') ? 'application/json' : 'text/javascript', 'cache-control': 'no-store' }).end(readDist(name));
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(await Array.fromAsync(req));
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)));
      const r = await fetch(collectorUrl + req.url, { method: req.method, headers, body });
      const out = Buffer.from(await r.arrayBuffer());
      res.writeHead(r.status, Object.fromEntries([...r.headers].filter(([k]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(k)))).end(out);
    } catch (e) {
      res.writeHead(502).end(String(e));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export async function lighthouseBench({ origin, runs = 5 } = {}) {
  ensureLighthouse();
  const { default: lighthouse } = await import(pathToFileURL(join(MODULES, 'lighthouse/core/index.js')).href);
  const chromeLauncher = await import(pathToFileURL(join(MODULES, 'chrome-launcher/dist/index.js')).href);
  const site = await serve(origin);
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    // The same background-networking flags as bench/lib.mjs.
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const res = { with: [], without: [] };
  try {
    for (let i = 0; i < runs; i++) {
      // Alternating, the first kind rotating, so drift in machine load spreads over both.
      for (const kind of i % 2 ? ['without', 'with'] : ['with', 'without']) {
        const r = await lighthouse(`${site.url}/${kind}.html`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
        const a = r.lhr.audits;
        if (r.lhr.runtimeError) throw new Error(`lighthouse: ${r.lhr.runtimeError.code} ${r.lhr.runtimeError.message}`);
        res[kind].push({
          score: Math.round(r.lhr.categories.performance.score * 100),
          tbt: a['total-blocking-time'].numericValue,
          fcp: a['first-contentful-paint'].numericValue,
          lcp: a['largest-contentful-paint'].numericValue,
          si: a['speed-index'].numericValue,
          cls: a['cumulative-layout-shift'].numericValue,
          bootup: a['bootup-time'].numericValue,
          mainThread: a['mainthread-work-breakdown'].numericValue,
          formFactor: r.lhr.configSettings.formFactor,
          throttling: r.lhr.configSettings.throttlingMethod,
          version: r.lhr.lighthouseVersion,
          // Ours in Lighthouse's own attribution: script time per file (bootup-time) and the long tasks it blames on our files.
          ours: {
            bootup: (a['bootup-time'].details?.items ?? []).filter((x) => /support-copilot/.test(x.url)).map((x) => `${x.url.split('/').pop()} ${Math.round(x.total)} ms (${Math.round(x.scripting)} script, ${Math.round(x.scriptParseCompile)} parse/compile)`),
            longTasks: (a['long-tasks'].details?.items ?? []).filter((x) => /support-copilot/.test(x.url)).map((x) => `${x.url.split('/').pop()} ${Math.round(x.duration)} ms`),
            allLongTasks: (a['long-tasks'].details?.items ?? []).map((x) => `${String(x.url).split('/').pop() || x.url} ${Math.round(x.duration)} ms`),
          },
        });
      }
    }
  } finally {
    await chrome.kill();
    await site.close();
  }
  const med = (kind, f) => median(res[kind].map(f));
  const out = { runs, version: res.with[0]?.version, formFactor: res.with[0]?.formFactor, throttling: res.with[0]?.throttling, raw: res };
  for (const k of ['score', 'tbt', 'fcp', 'lcp', 'si', 'cls', 'bootup', 'mainThread']) {
    out[k] = { with: med('with', (r) => r[k]), without: med('without', (r) => r[k]) };
    out[k].diff = out[k].with - out[k].without;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startCollector } = await import('./lib.mjs');
  const c = await startCollector();
  try {
    const r = await lighthouseBench({ origin: c.url, runs: Number(process.argv[2] ?? 5) });
    const raw = r.raw;
    delete r.raw;
    console.log(r);
    console.log('scores with:', raw.with.map((x) => x.score).join(' '), 'without:', raw.without.map((x) => x.score).join(' '));
    console.log('TBT with:', raw.with.map((x) => Math.round(x.tbt)).join(' '), 'without:', raw.without.map((x) => Math.round(x.tbt)).join(' '));
    for (const [i, x] of raw.with.entries()) console.log(`with, run ${i + 1}: ours ${x.ours.bootup.join('; ')}; long tasks ${x.ours.allLongTasks.join('; ') || 'none'}`);
    for (const [i, x] of raw.without.entries()) console.log(`without, run ${i + 1}: long tasks ${x.ours.allLongTasks.join('; ') || 'none'}`);
  } finally {
    await c.stop();
  }
}
