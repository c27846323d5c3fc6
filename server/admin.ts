/**
 * Test-only controls: read/clear the request log, add/remove fault rules, wipe everything.
 * Mounted only when the app is created with `admin: true` (env COLLECTOR_ADMIN=1); they need
 * no bearer key, so they must never be on by default, answer only same-origin requests (no CORS,
 * no private-network grant: a page on another site must not reach them through the developer's
 * browser) and never show a full key.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { maskKey } from './auth.ts';
import type { AppContext, AppEnv } from './env.ts';
import { faultRuleSchema, type FaultRule } from './fault-rule.ts';
import type { FaultRules } from './faults.ts';
import type { RequestLog } from './request-log.ts';
import type { CollectorStore } from './store.ts';

export interface AdminDeps {
  log: RequestLog;
  faults: FaultRules;
  store: CollectorStore;
}

type Fail = (c: AppContext, status: number, detail: string) => Response;

/**
 * Refuses cross-site browser requests: an `Origin` other than this server's own (which covers
 * preflights and `no-cors` form posts alike) or a `Sec-Fetch-Site` saying another site sent it.
 * Tools (curl, Playwright's request API) send neither and pass.
 */
export function sameOriginOnly(fail: Fail): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const own = new URL(c.req.url).origin;
    if ((origin !== undefined && origin !== own) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
      return fail(c, 403, 'Admin routes answer same-origin requests only');
    }
    await next();
  };
}

const shown = (rule: FaultRule) => ({ ...rule, key: maskKey(rule.key) ?? undefined });

export function mountAdmin(app: Hono<AppEnv>, { log, faults, store }: AdminDeps, fail: Fail): void {
  // Empty query values (`?key=`) mean "no filter", which is what a form or URL builder sends.
  const param = (value: string | undefined) => (value ? value : undefined);

  app.get('/__admin/log', (c) => {
    const since = param(c.req.query('since'));
    const entries = log.query({
      key: param(c.req.query('key')),
      path: param(c.req.query('path')),
      method: param(c.req.query('method')),
      since: since === undefined ? undefined : Number(since),
    });
    return c.json({ entries: entries.map((e) => ({ ...e, key: maskKey(e.key) })) });
  });
  app.delete('/__admin/log', (c) => {
    log.clear();
    return c.body(null, 204);
  });

  // `?key=` scopes listing and clearing to one key's rules: the caller names the key, the answer never does.
  app.get('/__admin/faults', (c) => c.json({ faults: faults.list(param(c.req.query('key'))).map(shown) }));
  app.post('/__admin/faults', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail(c, 400, 'Fault rule must be a JSON object');
    }
    const parsed = faultRuleSchema.safeParse(body);
    if (!parsed.success) {
      return fail(c, 422, parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; '));
    }
    return c.json(shown(faults.add(parsed.data)), 201);
  });
  app.delete('/__admin/faults', (c) => {
    faults.clear(param(c.req.query('key')));
    return c.body(null, 204);
  });
  app.delete('/__admin/faults/:id', (c) => c.body(null, faults.remove(c.req.param('id')) ? 204 : 404));

  app.post('/__admin/reset', (c) => {
    store.clear();
    log.clear();
    faults.clear();
    return c.body(null, 204);
  });
}
