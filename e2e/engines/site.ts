/**
 * The site the cross-engine scenarios visit, in this process: the reference collector (the same
 * app as `npm start`, with its admin routes and the demo's chat answerer) and the scenarios' host
 * pages under `/__engines/`, on one origin, so the anonymous-id cookie is first-party as on a real
 * support site. The script tag's files come from dist/ (`npm run build` first).
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../server/app.ts';
import { openStore } from '../../server/store.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const READ_AUTH = { Authorization: 'Bearer demo-api-key' };

export interface Site {
  url: string;
  /** Registers a host page; returns its URL. */
  page(name: string, html: string): string;
  /** The collector's admin and read API, as the scenarios use it. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  close(): Promise<void>;
}

export async function startSite(port: number): Promise<Site> {
  const db = openStore(':memory:');
  const app = createApp({ keys: ['test-*'], apiKeys: ['demo-api-key'], db, admin: true, staticRoot: ROOT });
  const pages = new Map<string, string>();
  const fetch = (req: Request): Response | Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (!path.startsWith('/__engines/')) return app.fetch(req);
    const html = pages.get(path.slice('/__engines/'.length));
    return html === undefined ? new Response('not found', { status: 404 }) : new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' } });
  };
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    page(name, html) {
      pages.set(name, html);
      return `${url}/__engines/${name}`;
    },
    async api(path, init) {
      const res = await globalThis.fetch(`${url}${path}`, init);
      if (res.status === 404) return null as never;
      if (!res.ok && res.status !== 201) throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${res.status} ${await res.text()}`);
      return (res.status === 204 ? null : await res.json()) as never;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
