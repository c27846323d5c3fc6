/**
 * Shared helpers for the benchmark parts: statistics, the reference collector in a child process,
 * Chromium with the test flags, esbuild bundles for the browser and a same-origin page router.
 * Benchmarks print figures; nothing here fails on timing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export const ROOT = new URL('..', import.meta.url).pathname;
/** Where `dist/` is read from: the checkout, or a snapshot taken by run.mjs (builds elsewhere cannot pull it away mid-run). */
let distRoot = ROOT;
export const setDistRoot = (dir) => (distRoot = dir);
export const getDistRoot = () => distRoot;

// --- statistics -----------------------------------------------------------------------------
export const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
export const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- the reference collector ------------------------------------------------------------------
/**
 * Starts `server/main.ts` on a free port (PORT=0) with a throwaway data folder.
 * Returns { url, port, stop(), pid }.
 */
export async function startCollector({ admin = true, keys = 'demo-web-key,test-*,bench-*' } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'sc-bench-'));
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const child = spawn(tsx, ['server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', COLLECTOR_KEYS: keys, COLLECTOR_DATA: data, ...(admin ? { COLLECTOR_ADMIN: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`collector did not start in 60 s: ${out}${err}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.on('exit', (code) => reject(new Error(`collector exited (${code}): ${out}${err}`)));
  });
  return {
    url,
    pid: child.pid,
    data,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

// --- Chromium ---------------------------------------------------------------------------------
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// --- bundles ----------------------------------------------------------------------------------
const bundleCache = new Map();
/** One self-contained minified IIFE from an inline module source (resolved from the repo root). */
export async function bundleIife(name, contents) {
  if (bundleCache.has(name)) return bundleCache.get(name);
  const out = await build({
    stdin: { contents, resolveDir: distRoot, loader: 'js', sourcefile: `${name}.js` },
    bundle: true, minify: name !== 'core-src', format: 'iife', target: 'es2022', write: false, logLevel: 'silent',
    jsx: 'automatic', jsxImportSource: 'preact',
  });
  const text = out.outputFiles[0].text;
  bundleCache.set(name, text);
  return text;
}

/**
 * The headless core as an app would ship it (dist/core.js with zod/mini and idb-keyval), on `window.SC`.
 * BENCH_CORE_FROM_SRC=1 bundles src/headless.ts unminified instead, for readable CPU profiles.
 */
let coreOverride = null;
/** For experiments: serve this script instead of the core bundle (e.g. src/ built with a patch). */
export const setCoreBundle = (text) => (coreOverride = text);
export const coreBundle = () =>
  coreOverride ? Promise.resolve(coreOverride) : process.env.BENCH_CORE_FROM_SRC
    ? bundleIife('core-src', `import { createConversationLogger } from ${JSON.stringify(join(ROOT, 'src/headless.ts'))}; window.SC = { createConversationLogger };`)
    : bundleIife('core', "import { createConversationLogger } from './dist/core.js'; window.SC = { createConversationLogger };");

/**
 * The peer for host-page cost: a bare Preact component in an open Shadow DOM, rendering a button
 * like the launcher (same host attribute, so the same paint detector sees both).
 */
export const barePreactBundle = () =>
  bundleIife(
    'bare-preact',
    `import { h, render } from 'preact';
const host = document.createElement('div');
host.setAttribute('data-support-copilot', '');
document.body.appendChild(host);
const root = host.attachShadow({ mode: 'open' });
const sheet = new CSSStyleSheet();
sheet.replaceSync('.launch{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#4f46e5;color:#fff}');
root.adoptedStyleSheets = [sheet];
function Launcher() {
  return h('button', { type: 'button', class: 'launch', 'aria-label': 'Open support chat' },
    h('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', width: 24, height: 24 }, h('path', { d: 'M4 4h16v12H7l-3 3z', fill: 'currentColor' })));
}
render(h(Launcher, null), root);`,
  );

export const DIST_FILES = ['dist/support-copilot.js', 'dist/support-copilot-core.js', 'dist/support-copilot-work.js', 'dist/support-copilot-panel.js', 'dist/index.js', 'dist/core.js'];
export const distComplete = (root = ROOT) => DIST_FILES.every((f) => existsSync(join(root, f)));
export const readDist = (f) => readFileSync(join(distRoot, 'dist', f));

/**
 * Serves `/__bench/<name>` on the collector's origin from a map of name -> { type, body }, so the
 * page, the bundles and the API share one origin (no CORS preflights in the figures).
 */
export async function routeBench(page, files) {
  await page.route('**/__bench/**', (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__bench/', '');
    const f = files[name];
    if (!f) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: f.type, body: f.body, headers: { 'cache-control': 'no-store' } });
  });
}
export const html = (body, head = '') => ({
  type: 'text/html',
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host page</title>${head}</head><body>${body}</body></html>`,
});
export const js = (body) => ({ type: 'text/javascript', body });

/** A plain host page's own content: some text, so it has a first paint of its own. */
export const HOST_CONTENT = '<main><h1>Help centre</h1><p>How can we help? Search the articles below or ask the support copilot.</p><ul><li>Billing</li><li>Accounts</li><li>Integrations</li></ul></main>';
