/**
 * Fault injection: the network and server failures the widget's outbox must survive
 * (error statuses, Retry-After, latency, dropped connections, lost responses), on demand,
 * scoped by path and bearer key so parallel tests do not disturb each other.
 */
import { randomUUID } from 'node:crypto';
import { socketOf, type AppContext } from './env.ts';
import type { FaultApplied, FaultRule, FaultRuleInput } from './fault-rule.ts';
import { problem } from './problem.ts';

export class FaultRules {
  private rules: FaultRule[] = [];

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: randomUUID(), remaining: input.count ?? 1 };
    this.rules.push(rule);
    return rule;
  }

  /** All rules, or only those scoped to `key`. */
  list(key?: string): FaultRule[] {
    return this.rules.filter((r) => key === undefined || r.key === key);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  /** Removes all rules, or only those scoped to `key`. */
  clear(key?: string): void {
    this.rules = key === undefined ? [] : this.rules.filter((r) => r.key !== key);
  }

  /** The first rule matching this POST, with one use consumed; rules apply to POSTs only so
   * tests can still inspect state with GETs and browsers can still preflight. */
  take(path: string, key: string | null): FaultApplied | null {
    const rule = this.rules.find((r) => (r.path === undefined || r.path === path) && (r.key === undefined || r.key === key));
    if (!rule) return null;
    if (rule.remaining > 0 && --rule.remaining === 0) this.remove(rule.id);
    const mode = rule.mode ?? (rule.status !== undefined || rule.retryAfter !== undefined ? 'status' : 'latency');
    const applied: FaultApplied = { ruleId: rule.id, mode };
    if (mode === 'status') applied.status = rule.status ?? 503;
    if (rule.retryAfter !== undefined) applied.retryAfter = rule.retryAfter;
    if (rule.location !== undefined) applied.location = rule.location;
    if (rule.latencyMs !== undefined) applied.latencyMs = rule.latencyMs;
    return applied;
  }
}

/** Runs `handle` under the fault (or plainly when there is none). */
export async function applyFault(
  c: AppContext,
  fault: FaultApplied | null,
  wait: ((ms: number) => Promise<void>) | undefined,
  handle: () => Promise<Response>,
): Promise<Response> {
  if (!fault) return handle();
  if (fault.latencyMs) await (wait ?? sleep)(fault.latencyMs);
  switch (fault.mode) {
    case 'latency':
      return handle();
    case 'status':
      if (fault.status! < 400) return new Response(null, { status: fault.status!, headers: { Location: fault.location ?? '/redirected' } });
      return problem(fault.status ?? 503, `Injected fault (rule ${fault.ruleId})`, {
        instance: c.req.path,
        requestId: c.get('requestId'),
        headers: fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {},
      });
    case 'drop':
      requireSocket(c, fault).destroy();
      return new Response(null, { status: 500 }); // never delivered: the socket is gone
    case 'hang': {
      // Waits for the client to give up or for server shutdown (closeAllConnections) to
      // destroy the socket, so a hung request never keeps the process alive on its own.
      const socket = requireSocket(c, fault);
      if (!socket.destroyed) await new Promise((resolve) => socket.once('close', resolve));
      return new Response(null, { status: 500 });
    }
    case 'lose-response': {
      // Store first, then cut the line: the client sees a network error for a request that
      // did succeed, which is exactly the case the idempotent upsert exists for.
      const response = await handle();
      requireSocket(c, fault).destroy();
      return response;
    }
  }
}

function requireSocket(c: AppContext, fault: FaultApplied) {
  const socket = socketOf(c);
  if (!socket) throw new Error(`Fault mode '${fault.mode}' needs a real connection; serve the app with @hono/node-server`);
  return socket;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
