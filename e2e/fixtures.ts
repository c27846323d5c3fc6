/**
 * Shared test fixtures: a unique collector key per test (isolating faults and the request log),
 * the collector's admin API, and a blank same-origin page that can import the npm entries.
 */
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import type { LogEntry } from '../server/request-log.ts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_DIR } from './global-setup.ts';
import { storageNames } from '../src/core/storage-names.ts';
import { analyticsUrlOf } from '../src/core/config.ts';

/** The collector's request log entry (`GET /__admin/log`), as the server declares it; `key` is a short prefix. */
export type { LogEntry } from '../server/request-log.ts';

/**
 * A project's storage names (src/core/storage-names.ts): its IndexedDB database, Web Lock prefix and
 * keys depend on its API key and analytics URL. Tests that read or write our storage directly find
 * the names here, never by spelling them.
 */
export const namesFor = (apiKey: string, analyticsUrl: string) => storageNames(apiKey, analyticsUrlOf(analyticsUrl));

/** Page-side: the one project database of this origin (a test's page has a single project unless it says otherwise). */
export const onlyProjectDb = async (): Promise<string> => {
  const names = (await indexedDB.databases()).map((d) => d.name!).filter((n) => /^support-copilot:v1:p[0-9a-z]+$/.test(n));
  if (names.length !== 1) throw new Error(`expected one project database, found ${JSON.stringify(names)}`);
  return names[0]!;
};

/** Web keys (the widget's, and every test's `test-*`) only write; reading back needs the collector's API key. */
export const READ_AUTH = { Authorization: 'Bearer demo-api-key' };

/** Removes the fault rules of one key (other tests run in parallel with theirs). */
export async function clearFaultsFor(request: APIRequestContext, key: string): Promise<void> {
  expect((await request.delete(`/__admin/faults?${new URLSearchParams({ key })}`)).status()).toBe(204);
}

export interface FaultRule {
  path?: string;
  count?: number;
  status?: number;
  retryAfter?: string;
  latencyMs?: number;
  mode?: 'status' | 'drop' | 'hang' | 'lose-response';
}

export interface Collector {
  /** POSTs this test's key sent, oldest first. */
  log(path?: string): Promise<LogEntry[]>;
  fault(rule: FaultRule): Promise<void>;
  clearFaults(): Promise<void>;
  conversation(id: string): Promise<{ id: string; messages: { id: string; role: string; content: string | null }[] } | null>;
  feedback(): Promise<{ id: string; messageId: string; type: string }[]>;
  events(): Promise<{ id: string; type: string }[]>;
}

export const test = base.extend<{ apiKey: string; collector: Collector; blank: Page }>({
  apiKey: async ({}, use) => use(`test-${randomUUID()}`),
  collector: async ({ request, apiKey }, use) => {
    const auth = READ_AUTH;
    await use({
      async log(path) {
        const q = new URLSearchParams({ key: apiKey, method: 'POST', ...(path ? { path } : {}) });
        return (await (await request.get(`/__admin/log?${q}`)).json()).entries;
      },
      async fault(rule) {
        const res = await request.post('/__admin/faults', { data: { ...rule, key: apiKey } });
        expect(res.status()).toBe(201);
      },
      clearFaults: () => clearFaultsFor(request, apiKey),
      async conversation(id) {
        const res = await request.get(`/conversations/${encodeURIComponent(id)}`, { headers: auth });
        return res.status() === 404 ? null : res.json();
      },
      async feedback() {
        return (await (await request.get('/feedback', { headers: auth })).json()).feedback;
      },
      async events() {
        return (await (await request.get('/events', { headers: auth })).json()).events;
      },
    });
  },
  blank: async ({ page }, use) => {
    await routeBlank(page);
    await page.goto('/__test/blank.html');
    await use(page);
  },
});

/** Serves a blank page and the test bundles on the collector's origin (the page's own origin). */
export async function routeBlank(page: Page): Promise<void> {
  await page.route('**/__test/**', (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__test/', '');
    if (name === 'blank.html') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><head><title>blank</title></head><body><main><h1>Host page</h1></main></body></html>' });
    if (!/^[\w.-]+\.js(\.map)?$/.test(name)) return route.fulfill({ status: 404 });
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(BUNDLE_DIR, name)) });
  });
}

export { expect };
