/**
 * `npm run dev` (`tsx server/dev.ts`): the collector and demo on one port, with the script-tag
 * bundles rebuilt on every save.
 *
 * What "hot reload" means here:
 *   - Saving anything under src/ makes Vite rebuild the script-tag bundles in dist/
 *     (`support-copilot.js` and its lazily loaded `support-copilot-panel.js`: every
 *     `vite build --mode X` of the package.json build script, each with `build.watch`; a rebuild
 *     takes well under a second). The collector serves dist/ with `Cache-Control: no-store`, so
 *     the next page load gets the new widget. A failed build keeps the last good bundle.
 *   - Pages opened from this server then reload themselves: every HTML response gets one extra
 *     external script, `/__dev/live-reload.js`, that listens on `/__dev/events` (SSE) and reloads
 *     the page after each successful rebuild and after edits to index.html or public/.
 *   - It is a full page reload, not module hot replacement: the widget keeps no state worth
 *     preserving in memory (everything durable is in IndexedDB, the current conversation is in
 *     localStorage), so a reload shows the same conversation with the new code.
 *   - Only the script-tag bundles are watched. The npm ESM entries (`dist/index.js`, `dist/core.js`) and
 *     the collector itself (server/*.ts) are not: rerun `npm run build` / restart for those.
 *
 * Environment: as server/main.ts (PORT 8787, HOST 127.0.0.1, COLLECTOR_KEYS demo-web-key, COLLECTOR_API_KEYS demo-api-key,
 * COLLECTOR_DATA ./data), except COLLECTOR_ADMIN defaults to 1 so the demo's fault buttons work.
 */
import { serve } from '@hono/node-server';
import { mkdirSync, readFileSync, watch as watchFiles, type FSWatcher } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { createApp } from './app.ts';
import { describeKeys, keysFromEnv } from './key-config.ts';
import { openStore } from './store.ts';

const env = process.env;
const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(env.PORT ?? 8787);
const host = env.HOST ?? '127.0.0.1';
const admin = (env.COLLECTOR_ADMIN ?? '1') === '1';
const dataDir = resolve(env.COLLECTOR_DATA ?? './data');
mkdirSync(dataDir, { recursive: true });

const log = (...args: unknown[]) => console.log(`[dev ${new Date().toLocaleTimeString()}]`, ...args);

// ------------------------------------------------------------------ live reload (SSE)
const encoder = new TextEncoder();
const clients = new Set<ReadableStreamDefaultController<Uint8Array>>();

function broadcast(event: string, data = ''): void {
  const chunk = encoder.encode(`event: ${event}\ndata: ${data}\n\n`);
  for (const c of clients) {
    try {
      c.enqueue(chunk);
    } catch {
      clients.delete(c);
    }
  }
}

function eventStream(): Response {
  let self: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      self = controller;
      clients.add(controller);
      controller.enqueue(encoder.encode('retry: 1000\nevent: hello\ndata: \n\n'));
    },
    cancel() {
      clients.delete(self);
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' },
  });
}
// Keeps idle connections (and proxies) from timing the stream out.
const heartbeat = setInterval(() => {
  for (const c of clients) {
    try {
      c.enqueue(encoder.encode(': ping\n\n'));
    } catch {
      clients.delete(c);
    }
  }
}, 25_000);

/** Reload on `reload`; after a lost connection (server restarted) reload once it is back. */
const LIVE_RELOAD_JS = `(function () {
  var lost = false;
  var es = new EventSource('/__dev/events');
  es.addEventListener('reload', function () { location.reload(); });
  es.addEventListener('hello', function () { if (lost) location.reload(); });
  es.addEventListener('build-error', function (e) { console.warn('[dev] widget build failed, serving the last good bundle:\\n' + e.data); });
  es.onerror = function () { lost = true; };
})();
`;
const LIVE_RELOAD_TAG = '<script src="/__dev/live-reload.js"></script>';

// ------------------------------------------------------------------ collector
const store = openStore(join(dataDir, 'collector.sqlite'));
const keys = keysFromEnv(env);
const app = createApp({
  ...keys,
  host,
  db: store,
  admin,
  staticRoot: root,
});

async function devFetch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/__dev/events') return eventStream();
  if (pathname === '/__dev/live-reload.js') {
    return new Response(LIVE_RELOAD_JS, { headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  const response = await app.fetch(request);
  if (request.method !== 'GET' || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  // Pages only: one external script tag (fine under `script-src 'self'`).
  const html = await response.text();
  const injected = html.includes('</body>') ? html.replace('</body>', `${LIVE_RELOAD_TAG}\n</body>`) : html + LIVE_RELOAD_TAG;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(injected, { status: response.status, statusText: response.statusText, headers });
}

// ------------------------------------------------------------------ script-tag bundles, watched
// The script-tag modes of vite.config.ts, taken from the build script so the two never drift
// (today `iife` -> dist/support-copilot.js and `panel` -> dist/support-copilot-panel.js).
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
const modes = [...(pkg.scripts?.build ?? '').matchAll(/vite build --mode ([\w-]+)/g)].map((m) => m[1]!);
if (modes.length === 0) modes.push('iife');

let reloadTimer: ReturnType<typeof setTimeout> | undefined;
/** Several bundles may finish one after the other for one save: reload once. */
function reloadSoon(why: string): void {
  log(why);
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => broadcast('reload'), 120);
}

async function watchMode(mode: string): Promise<Rolldown.RolldownWatcher> {
  let done: () => void = () => {};
  const first = new Promise<void>((r) => (done = r));
  let started = 0;
  const watcher = (await build({
    root,
    mode,
    logLevel: 'warn',
    clearScreen: false,
    // Never empty dist/: the npm entries and the other bundle live there too.
    build: { watch: {}, emptyOutDir: false },
  })) as Rolldown.RolldownWatcher;
  watcher.on('event', async (event) => {
    if (event.code === 'START') started = Date.now();
    if (event.code === 'BUNDLE_END') await event.result.close();
    if (event.code === 'ERROR') {
      await event.result?.close();
      log(`build (${mode}) failed, the last good bundle stays in dist/:\n${event.error.message}`);
      broadcast('build-error', JSON.stringify(`${mode}: ${event.error.message.split('\n')[0]}`));
      done();
    }
    if (event.code === 'END') {
      reloadSoon(`rebuilt (${mode}) in ${Date.now() - started} ms`);
      done();
    }
  });
  await first;
  return watcher;
}

const watchers = await Promise.all(modes.map(watchMode));

// Page and demo assets: reload open pages when they change.
const fileWatchers: FSWatcher[] = [];
const pageChanged = (file: string) => reloadSoon(`changed: ${file}`);
for (const [path, recursive] of [[join(root, 'index.html'), false], [join(root, 'public'), true]] as const) {
  try {
    fileWatchers.push(watchFiles(path, { recursive }, (_e, name) => pageChanged(name ? String(name) : path)));
  } catch {
    /* missing folder: nothing to watch */
  }
}

const server = serve({ fetch: devFetch, port, hostname: host }, (info) => {
  console.log(`Support Copilot collector and demo: http://${host}:${info.port}/`);
  console.log(`collector: ${describeKeys(keys)}`);
  log(`dev mode: widget rebuilt on save, pages live-reload; admin routes ${admin ? 'on' : 'off'}; data in ${dataDir}`);
}) as Server;
server.on('error', (e: NodeJS.ErrnoException) => {
  console.error(e.code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another one.` : e);
  process.exitCode = 1;
  shutdown('listen error');
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  log(`${signal}, shutting down`);
  clearInterval(heartbeat);
  for (const w of fileWatchers) w.close();
  for (const c of clients) {
    try {
      c.close();
    } catch {
      /* already closed */
    }
  }
  clients.clear();
  void Promise.allSettled(watchers.map((w) => w.close())).finally(() => {
    server.close(() => {
      store.close();
      process.exit();
    });
    server.closeAllConnections();
  });
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
