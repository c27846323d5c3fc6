/**
 * Test-only controls: read/clear the request log, add/remove fault rules, wipe everything.
 * Mounted only when the app is created with `admin: true` (env COLLECTOR_ADMIN=1); they need
 * no bearer key, so they must never be on by default, answer only on this machine's own names and
 * only same-origin requests (no CORS, no private-network grant), and never show a full key.
 */
import type { Handler } from 'hono';
import { maskKey } from './auth.ts';
import type { AppContext, AppEnv } from './env.ts';
import { faultRuleSchema, type FaultRule } from './fault-rule.ts';
import type { FaultRules } from './faults.ts';
import { jsonBody, type Fail, type Route } from './pipeline.ts';
import type { RequestLog } from './request-log.ts';
import type { CollectorStore } from './store.ts';

export interface AdminDeps {
  log: RequestLog;
  faults: FaultRules;
  store: CollectorStore;
}

/** The names a local collector always answers its admin routes on (any port). */
export const LOCAL_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** A Host header, URL hostname or `HOST` value as URL.hostname spells it: lower case, no port, IPv6 in brackets. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  // A bare IPv6 address (`HOST=::1`).
  if (h.split(':').length > 2) return `[${h}]`;
  return h.replace(/:\d*$/, '');
}

/** The local names plus the configured `HOST` (what the server listens on). */
export const adminHosts = (host?: string): string[] => [...new Set([...LOCAL_HOSTS, ...(host ? [hostName(host)] : [])])];

/**
 * Why a request may not use the admin routes, or null when it may.
 *
 * Host: a DNS-rebinding page (a name of the attacker's that resolves to 127.0.0.1 once the page
 * has loaded) is same-origin with itself, so the origin check alone lets it in; its `Host` is
 * still its own name. Origin: a page on another site (a preflight, a `no-cors` form post) sends
 * an `Origin` other than this server's, or `Sec-Fetch-Site` saying so. Tools (curl, Playwright's
 * request API) send neither header and pass.
 */
export function localOnly(hosts: readonly string[]): (c: AppContext) => string | null {
  const allowed = new Set(hosts.map(hostName));
  return (c) => {
    const url = new URL(c.req.url);
    const header = c.req.header('host');
    if (!allowed.has(hostName(url.hostname)) || (header !== undefined && !allowed.has(hostName(header)))) {
      return `Admin routes answer only on this machine's own names (${[...allowed].join(', ')})`;
    }
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    if ((origin !== undefined && origin !== url.origin) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
      return 'Admin routes answer same-origin requests only';
    }
    return null;
  };
}

const shown = (rule: FaultRule) => ({ ...rule, key: maskKey(rule.key) ?? undefined });

export function mountAdmin(route: Route, { log, faults, store }: AdminDeps, fail: Fail): void {
  const admin = { access: 'admin' } as const;
  // A preflight from another origin is refused like the request it announces; a local one gets no CORS grant either.
  route('OPTIONS', '/__admin/*', admin, (c) => c.body(null, 204));
  // Empty query values (`?key=`) mean "no filter", which is what a form or URL builder sends.
  const param = (value: string | undefined) => (value ? value : undefined);

  route('GET', '/__admin/log', admin, (c) => {
    const since = Number(param(c.req.query('since')) ?? NaN);
    const entries = log.query({
      key: param(c.req.query('key')),
      path: param(c.req.query('path')),
      method: param(c.req.query('method')),
      since: Number.isFinite(since) ? since : undefined,
    });
    return c.json({ entries: entries.map((e) => ({ ...e, key: maskKey(e.key) })) });
  });
  route('DELETE', '/__admin/log', admin, (c) => {
    log.clear();
    return c.body(null, 204);
  });

  // `?key=` scopes listing and clearing to one key's rules: the caller names the key, the answer never does.
  route('GET', '/__admin/faults', admin, (c) => c.json({ faults: faults.list(param(c.req.query('key'))).map(shown) }));
  route('POST', '/__admin/faults', admin, (c) => {
    const parsed = faultRuleSchema.safeParse(jsonBody(c));
    if (!parsed.success) {
      return fail(c, 422, parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; '));
    }
    return c.json(shown(faults.add(parsed.data)), 201);
  });
  route('DELETE', '/__admin/faults', admin, (c) => {
    faults.clear(param(c.req.query('key')));
    return c.body(null, 204);
  });
  route('DELETE', '/__admin/faults/:id', admin, (c) => (faults.remove(c.req.param('id') ?? '') ? c.body(null, 204) : fail(c, 404, 'No such fault rule')));

  route('POST', '/__admin/reset', { ...admin, body: false }, (c) => {
    store.clear();
    log.clear();
    faults.clear();
    return c.body(null, 204);
  });
}

/** With admin off, every admin path is as absent as an unknown one (and refuses foreign names alike). */
export const adminDisabled = (fail: Fail): Handler<AppEnv> => (c) => fail(c, 404, 'Admin routes are disabled (set COLLECTOR_ADMIN=1)');
