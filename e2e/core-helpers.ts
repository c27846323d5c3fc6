/**
 * Helpers for the core's browser tests: a logger per page kept on `window.__sc` (with the errors
 * and events it reported), raw IndexedDB access, and the collector's log for any key (the
 * fixture's `collector.log()` is bound to the test's own key).
 */
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import type { ConversationLogger, LoggerConfig, LoggerEvent, OutboxStats } from '../src/headless.ts';
import { onlyProjectDb, READ_AUTH, routeBlank, type LogEntry } from './fixtures.ts';

export interface ReportedError {
  code: string;
  message: string;
  status?: number;
  key?: string;
}

declare global {
  interface Window {
    __sc: { logger: ConversationLogger; errors: ReportedError[]; events: LoggerEvent[]; bg?: Promise<unknown> };
  }
}

export type BrowserConfig = Omit<LoggerConfig, 'onError' | 'onEvent'>;

/** Creates a logger in the page (replacing `window.__sc`); waits for storage and the start-up flush. */
export async function startLogger(page: Page, config: BrowserConfig, { ready = true } = {}): Promise<void> {
  await page.evaluate(
    async ({ config, ready }) => {
      const { createConversationLogger }: typeof import('../src/headless.ts') = await import(`${'/__test/core.js'}`);
      const errors: ReportedError[] = [];
      const events: LoggerEvent[] = [];
      const logger = createConversationLogger({
        ...config,
        onError: (e) => errors.push({ code: e.code, message: e.message, ...(e.status !== undefined ? { status: e.status } : {}), ...(e.key ? { key: e.key } : {}) }),
        onEvent: (e) => events.push(e),
      });
      window.__sc = { logger, errors, events };
      if (ready) await logger.ready();
    },
    { config, ready },
  );
}

/** Appends user messages (in order) to a conversation; returns its id and the message ids. */
export async function append(page: Page, contents: string[], id?: string): Promise<{ id: string; ids: string[] }> {
  return page.evaluate(
    async ({ contents, id }) => {
      const c = window.__sc.logger.conversation(id ? { id } : {});
      const ids: string[] = [];
      for (const content of contents) ids.push((await c.append({ role: 'user', content })).id!);
      return { id: c.id, ids };
    },
    { contents, id },
  );
}

export type FlushResult = { ok: true } | { ok: false; code: string; message: string };

export async function flush(page: Page): Promise<FlushResult> {
  return page.evaluate(() =>
    window.__sc.logger.flush().then(
      () => ({ ok: true as const }),
      (e: { code: string; message: string }) => ({ ok: false as const, code: e.code, message: e.message }),
    ),
  );
}

export const stats = (page: Page): Promise<OutboxStats> => page.evaluate(() => window.__sc.logger.stats());
export const errors = (page: Page): Promise<ReportedError[]> => page.evaluate(() => window.__sc.errors);
export const events = (page: Page): Promise<LoggerEvent[]> => page.evaluate(() => window.__sc.events);

/** POSTs to /conversations (or `path`) logged for `key`, oldest first, with their start time. */
export async function logFor(request: APIRequestContext, key: string, path = '/conversations'): Promise<LogEntry[]> {
  const q = new URLSearchParams({ key, method: 'POST', path });
  return (await (await request.get(`/__admin/log?${q}`)).json()).entries;
}

export async function faultFor(request: APIRequestContext, key: string, rule: Record<string, unknown>): Promise<void> {
  const res = await request.post('/__admin/faults', { data: { ...rule, key } });
  if (res.status() !== 201) throw new Error(`fault not accepted: ${res.status()} ${await res.text()}`);
}

export interface StoredConversation {
  id: string;
  messages: { id: string; role: string; content: string | null; userProperties?: Record<string, unknown> | null }[];
  userProperties?: Record<string, unknown> | null;
}

export async function storedConversation(request: APIRequestContext, id: string): Promise<StoredConversation | null> {
  const res = await request.get(`/conversations/${encodeURIComponent(id)}`, { headers: READ_AUTH });
  return res.status() === 404 ? null : res.json();
}

/** All [key, value] pairs of a store of the outbox database (the origin's only project database), read with raw IndexedDB. */
export async function readIdb(page: Page, store: 'outbox' | 'quarantine'): Promise<[string, unknown][]> {
  const name = await page.evaluate(onlyProjectDb);
  return page.evaluate(
    ({ store, name }) =>
      new Promise<[string, unknown][]>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const t = db.transaction(store, 'readonly');
          const os = t.objectStore(store);
          const keys = os.getAllKeys();
          const values = os.getAll();
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

/** Replaces fields of one stored outbox record (in the origin's only project database), with raw IndexedDB. */
export async function patchIdb(page: Page, key: string, patch: Record<string, unknown>): Promise<void> {
  const name = await page.evaluate(onlyProjectDb);
  await page.evaluate(
    ({ key, patch, name }) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const t = db.transaction('outbox', 'readwrite');
          const os = t.objectStore('outbox');
          const get = os.get(key);
          get.onsuccess = () => {
            if (get.result === undefined) return reject(new Error(`no record ${key}`));
            os.put({ ...get.result, ...patch }, key);
          };
          t.oncomplete = () => {
            db.close();
            resolve();
          };
          t.onerror = () => reject(t.error);
        };
      }),
    { key, patch, name },
  );
}

/** A second tab of the same site (shares IndexedDB, cookies, locks, BroadcastChannel). */
export async function newTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await routeBlank(page);
  await page.goto('/__test/blank.html');
  return page;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Acknowledged POSTs in seq order never carried fewer messages, nor dropped an id, than an earlier acknowledged one. */
export function assertNoShrink(entries: LogEntry[], conversationId: string): void {
  const acked = entries.filter((e) => e.conversationId === conversationId && e.status !== null && e.status >= 200 && e.status < 300);
  for (let i = 1; i < acked.length; i++) {
    const prev = acked[i - 1]!;
    const cur = acked[i]!;
    if (cur.messageCount < prev.messageCount) throw new Error(`POST seq ${cur.seq} carried ${cur.messageCount} messages after seq ${prev.seq} carried ${prev.messageCount}`);
    const missing = (prev.messageIds ?? []).filter((id) => !(cur.messageIds ?? []).includes(id));
    if (missing.length > 0) throw new Error(`POST seq ${cur.seq} lacks ${missing.length} message(s) acknowledged by seq ${prev.seq}`);
  }
}

declare global {
  interface Window {
    __fetches?: { at: number; url: string; keepalive: boolean; outcome?: string }[];
  }
}

/** Records every fetch each page of the context makes (from the next navigation on). */
export async function recordFetches(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const orig = window.fetch;
    const list: NonNullable<Window['__fetches']> = (window.__fetches = []);
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const entry: (typeof list)[number] = { at: Date.now(), url: String(input), keepalive: !!init?.keepalive };
      list.push(entry);
      return orig(input, init).then(
        (r) => ((entry.outcome = String(r.status)), r),
        (e) => {
          entry.outcome = String(e);
          throw e;
        },
      );
    };
  });
}

export const fetchesOf = (page: Page) => page.evaluate(() => window.__fetches ?? []);
