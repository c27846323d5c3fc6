/**
 * Starts the collector and demo server: `npx tsx server/main.ts`.
 * Configuration is by environment only, so npm scripts, Playwright's webServer and a shell
 * all start it the same way.
 *   PORT (8787), HOST (127.0.0.1), COLLECTOR_KEYS (web keys, write-only: demo-web-key),
 *   COLLECTOR_API_KEYS (read and write: demo-api-key), each `key[:project]` with `prefix*` allowed
 *   (setting either list turns the public demo keys off unless named: key-config.ts),
 *   COLLECTOR_REVOKED_KEYS (none), COLLECTOR_DATA (./data), COLLECTOR_ADMIN (1 = admin routes).
 */
import { serve } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { describeKeys, keysFromEnv } from './key-config.ts';
import { openStore } from './store.ts';

const env = process.env;
const port = Number(env.PORT ?? 8787);
const host = env.HOST ?? '127.0.0.1';
const dataDir = resolve(env.COLLECTOR_DATA ?? './data');
mkdirSync(dataDir, { recursive: true });

const store = openStore(join(dataDir, 'collector.sqlite'));
const keys = keysFromEnv(env);
const app = createApp({
  ...keys,
  host,
  db: store,
  admin: env.COLLECTOR_ADMIN === '1',
  staticRoot: fileURLToPath(new URL('..', import.meta.url)),
});

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(`Support Copilot collector and demo: http://${host}:${info.port}/`);
  console.log(`collector: ${describeKeys(keys)}`);
}) as Server;
// Node closes an idle keep-alive socket after 5 s, while a client may already be reusing it: the
// client's request then fails with ECONNRESET (seen in e2e reads at load). Load balancers in front of
// real APIs keep idle connections for a minute or more; clients give theirs up sooner.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`collector: ${signal}, shutting down`);
  server.close(() => {
    store.close();
    process.exit(0);
  });
  // Open keep-alive sockets and requests held by a `hang` fault would otherwise keep close() waiting.
  server.closeAllConnections();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
