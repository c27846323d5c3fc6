/**
 * Page-side helpers for the reliability scenarios. A logger per page lives on `window.__rl` with
 * the errors and events it reported. Backoff jitter is injected (`random`) so retries are quick
 * and repeatable; everything else (IndexedDB, locks, fetch, timers) is the browser's own.
 */
import type { APIRequestContext, BrowserContext, Page, Route } from '@playwright/test';
import type { ConversationLogger, LoggerConfig, LoggerEvent, OutboxStats } from '../../src/headless.ts';
import { clearFaultsFor, onlyProjectDb, READ_AUTH, routeBlank, type LogEntry } from '../fixtures.ts';
import type { Ledger } from './ledger.ts';

export interface Reported {
  code: string;
  message: string;
  status?: number;
  key?: string;
}

declare global {
  interface Window {
    __rl: { logger: ConversationLogger; errors: Reported[]; events: LoggerEvent[]; fetches: { keepalive: boolean; bytes: number }[]; createdAt: number; eventAt: number[]; bg?: Promise<unknown> };
  }
}

export type Config = Omit<LoggerConfig, 'onError' | 'onEvent'>;

export interface StartOptions {
  /** Backoff draw in [0, 1): 0.1 gives 100, 200, 400, 800 ms... */
  random?: number;
  ready?: boolean;
  /** Record every fetch's keepalive flag and body size (also in localStorage, which survives unload). */
  watchFetch?: boolean;
}

/** Creates a logger in the page; waits for storage and the start-up flush unless `ready: false`. */
export async function start(page: Page, config: Config, o: StartOptions = {}): Promise<void> {
  await page.evaluate(
    async ({ config, random, ready, watchFetch }) => {
      const { createConversationLogger }: typeof import('../../src/headless.ts') = await import(`${'/__test/core.js'}`);
      const errors: Reported[] = [];
      const events: LoggerEvent[] = [];
      const fetches: { keepalive: boolean; bytes: number }[] = [];
      const deps: { random: () => number; fetch?: typeof fetch } = { random: () => random };
      if (watchFetch) {
        deps.fetch = (input, init) => {
          const f = { keepalive: !!init?.keepalive, bytes: new TextEncoder().encode(String(init?.body ?? '')).length };
          fetches.push(f);
          try {
            localStorage.setItem('rl:fetches', JSON.stringify([...JSON.parse(localStorage.getItem('rl:fetches') ?? '[]'), f]));
          } catch {
            /* full */
          }
          return fetch(input, init);
        };
      }
      const createdAt = performance.now();
      const eventAt: number[] = []; // ms after creation, one per event
      const logger = createConversationLogger(
        {
          ...config,
          onError: (e) => errors.push({ code: e.code, message: e.message, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.key ? { key: e.key } : {}) }),
          onEvent: (e) => {
            events.push(e);
            eventAt.push(performance.now() - createdAt);
          },
        },
        deps,
      );
      window.__rl = { logger, errors, events, fetches, createdAt, eventAt };
      if (ready) await logger.ready();
    },
    { config, random: o.random ?? 0.1, ready: o.ready ?? true, watchFetch: !!o.watchFetch },
  );
}

/** Appends messages in order to a conversation (new, or `id`), records them in the ledger, returns ids. */
export async function append(page: Page, ledger: Ledger, contents: string[], id?: string): Promise<{ id: string; ids: string[] }> {
  const r = await page.evaluate(
    async ({ contents, id }) => {
      const c = window.__rl.logger.conversation(id ? { id } : {});
      const ids: string[] = [];
      for (const [i, content] of contents.entries()) ids.push((await c.append({ role: i % 2 ? 'assistant' : 'user', content })).id!);
      return { id: c.id, ids };
    },
    { contents, id },
  );
  ledger.appended(r.id, r.ids, contents);
  return r;
}

export type FlushResult = { ok: true } | { ok: false; code: string; message: string };

export const flush = (page: Page): Promise<FlushResult> =>
  page.evaluate(() =>
    window.__rl.logger.flush().then(
      () => ({ ok: true as const }),
      (e: { code: string; message: string }) => ({ ok: false as const, code: e.code, message: e.message }),
    ),
  );

/** Flushes until one flush resolves (delivered everything), or the time is up. */
export async function drain(page: Page, timeoutMs = 20_000): Promise<FlushResult> {
  const until = Date.now() + timeoutMs;
  let r: FlushResult = { ok: false, code: 'timeout', message: 'not tried' };
  while (Date.now() < until) {
    r = await flush(page);
    if (r.ok) return r;
    await page.waitForTimeout(100);
  }
  return r;
}

export const stats = (page: Page): Promise<OutboxStats> => page.evaluate(() => window.__rl.logger.stats());
export const errors = (page: Page): Promise<Reported[]> => page.evaluate(() => window.__rl.errors);

/** POST /conversations logged for `key`, oldest first, with their start times. */
export async function postsFor(request: APIRequestContext, key: string): Promise<LogEntry[]> {
  const q = new URLSearchParams({ key, method: 'POST', path: '/conversations' });
  return (await (await request.get(`/__admin/log?${q}`)).json()).entries;
}

export async function fault(request: APIRequestContext, key: string, rule: Record<string, unknown>): Promise<void> {
  const res = await request.post('/__admin/faults', { data: { path: '/conversations', ...rule, key } });
  if (res.status() !== 201) throw new Error(`fault not accepted: ${res.status()} ${await res.text()}`);
}

export const clearFaults = clearFaultsFor;

export async function storedIds(request: APIRequestContext, id: string): Promise<string[] | null> {
  const res = await request.get(`/conversations/${encodeURIComponent(id)}`, { headers: READ_AUTH });
  return res.status() === 404 ? null : ((await res.json()).messages as { id: string }[]).map((m) => m.id);
}

/** A tab of the same site (shares IndexedDB, cookies, locks, BroadcastChannel). */
export async function newTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await routeBlank(page);
  await page.goto('/__test/blank.html');
  return page;
}

/** Every [key, value] of a store of the outbox database (`db`: the project's, else the origin's only one), read with raw IndexedDB. */
export async function readIdb(page: Page, store: 'outbox' | 'quarantine', db?: string): Promise<[string, unknown][]> {
  const name = db ?? (await page.evaluate(onlyProjectDb));
  return page.evaluate(
    ({ store, name }) =>
      new Promise<[string, unknown][]>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onerror = () => reject(req.error);
        req.onupgradeneeded = () => {
          for (const n of ['outbox', 'quarantine']) req.result.createObjectStore(n);
        };
        req.onsuccess = () => {
          const db = req.result;
          const t = db.transaction(store, 'readonly');
          const keys = t.objectStore(store).getAllKeys();
          const values = t.objectStore(store).getAll();
          t.oncomplete = () => {
            db.close();
            resolve((keys.result as string[]).map((k, i) => [k, values.result[i]]));
          };
          t.onerror = () => reject(t.error);
        };
      }),
    { store, name },
  );
}

/** Writes raw values into the outbox store of database `db` (the page tampering with our data; fixtures.ts `namesFor`). */
export async function writeIdb(page: Page, db: string, records: [string, unknown][]): Promise<void> {
  await page.evaluate(
    ({ records, db }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(db);
        req.onerror = () => reject(req.error);
        req.onupgradeneeded = () => {
          for (const n of ['outbox', 'quarantine']) req.result.createObjectStore(n);
        };
        req.onsuccess = () => {
          const db = req.result;
          const t = db.transaction('outbox', 'readwrite');
          for (const [k, v] of records) t.objectStore('outbox').put(v, k);
          t.oncomplete = () => {
            db.close();
            resolve();
          };
          t.onerror = () => reject(t.error);
        };
      }),
    { records, db },
  );
}

/** mulberry32: a small seeded PRNG, so "20% at random" fails the same requests on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The conversation id of a routed POST /conversations. */
export function conversationOf(route: Route): string | undefined {
  try {
    return (JSON.parse(route.request().postData() ?? '{}') as { id?: string }).id;
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
