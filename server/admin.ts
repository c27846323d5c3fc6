/**
 * Test-only controls: read/clear the request log, add/remove fault rules, wipe everything.
 * Mounted only when the app is created with `admin: true` (env COLLECTOR_ADMIN=1); they need
 * no bearer key, so they must never be on by default.
 */
import type { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import type { AppEnv } from './env.ts';
import { faultRuleSchema, type FaultRules } from './faults.ts';
import { problem } from './problem.ts';
import type { RequestLog } from './request-log.ts';
import type { CollectorStore } from './store.ts';

export interface AdminDeps {
  log: RequestLog;
  faults: FaultRules;
  store: CollectorStore;
}

export function mountAdmin(app: Hono<AppEnv>, { log, faults, store }: AdminDeps): void {
  // Empty query values (`?key=`) mean "no filter", which is what a form or URL builder sends.
  const param = (value: string | undefined) => (value ? value : undefined);

  app.get('/__admin/log', (c) => {
    const since = param(c.req.query('since'));
    return c.json({
      entries: log.query({
        key: param(c.req.query('key')),
        path: param(c.req.query('path')),
        method: param(c.req.query('method')),
        since: since === undefined ? undefined : Number(since),
      }),
    });
  });
  app.delete('/__admin/log', (c) => {
    log.clear();
    return c.body(null, 204);
  });

  app.get('/__admin/faults', (c) => c.json({ faults: faults.list() }));
  app.post('/__admin/faults', async (c) => {
    const fail = (status: number, detail: string) =>
      problem(status, detail, { instance: c.req.path, requestId: randomUUID() });
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail(400, 'Fault rule must be a JSON object');
    }
    const parsed = faultRuleSchema.safeParse(body);
    if (!parsed.success) {
      return fail(422, parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; '));
    }
    return c.json(faults.add(parsed.data), 201);
  });
  app.delete('/__admin/faults', (c) => {
    faults.clear();
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
