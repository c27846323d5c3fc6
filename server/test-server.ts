/**
 * Test helper: serves an app on an ephemeral localhost port. Fault modes that act on the
 * socket (drop, hang, lose-response) only exist on a real connection, not in `app.request()`.
 */
import { serve } from '@hono/node-server';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions } from './app.ts';
import { openStore } from './store.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(app: ReturnType<typeof createApp>): Promise<RunningServer> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * An in-memory app with test keys: web keys `good-key` and any `test-*` and the API key
 * `read-key` in the default project; web key `shop-key` and API key `shop-read` in project
 * `shop`; `test-revoked` and `old-key` revoked.
 */
export function testApp(overrides: Partial<AppOptions> = {}) {
  const db = openStore(':memory:');
  const app = createApp({
    keys: ['good-key', 'test-*', 'shop-key:shop'],
    apiKeys: ['read-key', 'shop-read:shop'],
    revokedKeys: ['test-revoked', 'old-key'],
    db,
    admin: true,
    ...overrides,
  });
  return { app, db };
}
