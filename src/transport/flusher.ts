/**
 * Delivers the outbox. Decides when to try (debounced triggers, retry timer, pauses, convergence
 * resends) and, for each document, sends the body read from storage inside a cross-tab lock, then
 * records the outcome in the Outbox. What an outcome means lives in core/ (status policy, record
 * transitions). A run looks at open records only (the store's open set), never the whole outbox,
 * and times everything on the monotonic clock: a wall clock moved back cannot strand a retry.
 */
import { dueAt, needsSend, payloadOf, utf8Length, type OutboxRecord, type RecordKind } from '../core/outbox-record.ts';
import { statusBehavior } from '../core/status-policy.ts';
import { backoffDelay, parseRetryAfter } from '../core/backoff.ts';
import type { LoggerEvent } from '../core/public-types.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import type { Outbox } from '../storage/outbox.ts';
import type { SendResult } from './http-send.ts';
import type { KeepaliveBudget } from './keepalive-budget.ts';
import { BUSY, type TabSync } from './tab-sync.ts';
import { toJson } from '../core/json.ts';
import { guarded } from '../core/guarded.ts';

/** One request to the API; never throws (every outcome is a SendResult). */
export type Send = (kind: RecordKind, body: string, keepalive: boolean) => Promise<SendResult>;

export interface FlusherDeps {
  outbox: Outbox;
  send: Send;
  tabs: TabSync;
  /** Epoch ms, for what is stored (when a request started, when an unknown one settles). */
  now: () => number;
  /** Monotonic ms, for every wait. */
  clock: () => number;
  random: () => number;
  flushDelayMs: number;
  /** How long a request of unknown outcome may still land (core `settleDelayMs`). */
  settleMs: () => number;
  /** Shared with the pagehide sender. */
  keepalive: KeepaliveBudget;
  /** Sending allowed at all (consent, destroyed). */
  enabled: () => boolean;
  /** Delivery events: delivered, retry, blocked, rejected. */
  emit: (event: LoggerEvent) => void;
  /** A configuration error (401/403/404, a redirect) or a refused document. */
  report: (error: SupportCopilotError) => void;
}

export type Outcome = 'delivered' | 'idle' | 'busy' | 'retry' | 'blocked' | 'rejected' | 'paused';
export type Result = { outcome: Outcome; error?: string };
export type Results = Map<string, Result>;

export interface RunOptions {
  /** Ignore backoff timers (an explicit flush). */
  force?: boolean;
  /** Wait for another tab's lock instead of leaving the document to it. */
  wait?: boolean;
  /** Send with keepalive (the page is being hidden), within the shared 64 KiB budget. */
  keepalive?: boolean;
  /** Give blocked documents one more try: a new page load may carry a corrected key. */
  retryBlocked?: boolean;
}

export interface Flusher {
  /** A run after `delayMs` (the earliest asked wins); `force` makes it ignore backoff timers. */
  schedule(delayMs?: number, force?: boolean): void;
  run(o?: RunOptions): Promise<Results>;
  /** Whether this tab has a request in flight for the document. */
  sending(key: string): boolean;
  /** Requests this tab has in flight. */
  inFlight(): number;
  /** Sending is stopped: a configuration error (until `resume`), or a 429/503 pause not over yet. */
  halted(): boolean;
  /** The configuration changed: blocked sending may go again. */
  resume(): void;
  stop(): void;
}

export function createFlusher(d: FlusherDeps): Flusher {
  const { outbox } = d;
  const inFlight = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let forceNext = false;
  let stopped = false;
  let blocked = false;
  /** Why sending stopped (the configuration error), for every document it holds back. */
  let blockedBy = '';
  let pausedUntil = 0;
  // Documents this tab is sending now (lock requested or held), so concurrent runs never contend
  // with each other: the sender drains the document, and only an explicit flush waits for it.
  const active = new Map<string, Promise<Result>>();
  // Another tab said it started a request and has not said it finished: if this tab gets the lock
  // first, that tab died mid-request, and its request may still land (convergence).
  const elsewhere = new Set<string>();

  const self: Flusher = {
    schedule(delayMs = d.flushDelayMs, force = false) {
      if (stopped) return;
      forceNext ||= force;
      const at = d.clock() + Math.max(0, delayMs);
      if (timer !== undefined && timerAt <= at) return;
      clearTimeout(timer);
      timerAt = at;
      timer = setTimeout(
        guarded(() => {
          timer = undefined;
          timerAt = Infinity;
          const force = forceNext;
          forceNext = false;
          return self.run({ force });
        }),
        delayMs,
      );
    },
    run: (o = {}) => runOnce(o),
    sending: (key) => inFlight.has(key),
    inFlight: () => inFlight.size,
    halted: () => blocked || pausedUntil > d.clock(),
    resume() {
      blocked = false;
      self.schedule(0);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };

  async function runOnce(o: RunOptions): Promise<Results> {
    const results: Results = new Map();
    if (stopped || !d.enabled()) return results;
    let open = await outbox.due();
    const blockedKeys = open.filter((r) => r.state === 'blocked').map((r) => r.key);
    if (o.retryBlocked && blockedKeys.length > 0) {
      await outbox.unblock(blockedKeys);
      open = await outbox.due();
    }
    const now = d.clock();
    const keys = open.filter((r) => needsSend(r, now, o.force)).map((r) => r.key);
    // A few documents at a time: enough to drain quickly, few enough to leave the page's connections free.
    // (A loop, not Array.from({ length }, fn): an old library's Array.from ignores the function and nothing would be sent.)
    const workers: Promise<void>[] = [];
    // Counted first: each worker takes its first key as it starts.
    for (let n = Math.min(4, keys.length); n > 0; n--) {
      workers.push(
        (async () => {
          for (let key = keys.shift(); key !== undefined; key = keys.shift()) results.set(key, await sendOne(key, o));
        })(),
      );
    }
    await Promise.all(workers);
    // A document another sender holds is not due again: that sender drains it, and a lock held by
    // another tab calls back when it is free (whenFree). Arming for it would spin on a busy lock.
    armRetryTimer(new Set([...results].filter(([, r]) => r.outcome === 'busy').map(([key]) => key)));
    return results;
  }

  function armRetryTimer(busy: ReadonlySet<string>): void {
    let next = Infinity;
    for (const r of outbox.known()) if (!busy.has(r.key)) next = Math.min(next, dueAt(r));
    next = Math.max(next, pausedUntil);
    if (next < Infinity && !blocked) self.schedule(Math.max(0, next - d.clock()));
  }

  async function sendOne(key: string, o: RunOptions): Promise<Result> {
    const current = active.get(key);
    if (current) {
      if (!o.wait) return { outcome: 'busy' };
      await current;
      return sendOne(key, o);
    }
    const p = sendLocked(key, o);
    active.set(key, p);
    try {
      return await p;
    } finally {
      if (active.get(key) === p) active.delete(key);
    }
  }

  async function sendLocked(key: string, o: RunOptions): Promise<Result> {
    const result = await d.tabs
      .withLock(`send:${key}`, !!o.wait, async () => {
        let last: Result = { outcome: 'idle' };
        // Loop while new revisions arrive during a send: the lock holder drains the document.
        for (let first = true; ; first = false) {
          if (stopped || !d.enabled()) return last;
          if (blocked) return { outcome: 'blocked' as const, error: blockedBy };
          if (pausedUntil > d.clock()) return { outcome: 'paused' as const };
          // What this tab knows says whether anything is left (sent meanwhile by another run of this
          // tab, or a newer revision written here): no read when there is nothing to send. Another
          // tab's writes mark it stale, and that tab's own flusher sends them too.
          const known = outbox.info(key);
          if (known && !known.stale && !needsSend(known, d.clock(), first && o.force)) return last;
          const r = await outbox.read(key);
          const m = r && outbox.info(key);
          if (!r || !m || !needsSend(m, d.clock(), first && o.force)) return last;
          if (elsewhere.delete(key)) outbox.suspect(key, r.rev, d.now() + d.settleMs());
          last = await sendRecord(key, r, !!o.keepalive);
          if (last.outcome !== 'delivered') return last;
        }
      })
      .then(undefined, (e: unknown) => ({ outcome: 'retry' as const, error: String((e as Error)?.message ?? e) }));
    if (result === BUSY) {
      // Another tab is sending it; look again once it lets go (also if that tab dies mid-request).
      d.tabs.whenFree(`send:${key}`, () => self.schedule(0));
      return { outcome: 'busy' };
    }
    return result;
  }

  async function sendRecord(key: string, r: OutboxRecord, keepaliveWanted: boolean): Promise<Result> {
    const body = toJson(payloadOf(r));
    const bytes = utf8Length(body);
    const keepalive = keepaliveWanted && d.keepalive.take(bytes);
    inFlight.add(key);
    d.tabs.post({ t: 'sending', key, sending: true });
    const sentAt = d.now();
    try {
      return await record(key, r, await d.send(r.kind, body, keepalive), sentAt);
    } finally {
      inFlight.delete(key);
      d.tabs.post({ t: 'sending', key, sending: false });
      if (keepalive) d.keepalive.give(bytes);
    }
  }

  async function record(key: string, sent: OutboxRecord, res: SendResult, sentAt: number): Promise<Result> {
    let behavior = statusBehavior(res.status);
    const now = d.now();
    if (behavior.kind === 'delivered') {
      await outbox.ack(key, sent.rev, sentAt);
      d.emit({ type: 'delivered', key, rev: sent.rev });
      d.tabs.post({ t: 'changed', key, rev: sent.rev });
      return { outcome: 'delivered' };
    }
    const error = res.error ?? `HTTP ${res.status}`;
    const retryAfterMs = parseRetryAfter(res.retryAfter, now);
    // Unknown outcome: the server may still process this request, until the settle point.
    const settleAt = behavior.kind === 'retry' && behavior.unknown ? now + d.settleMs() : undefined;
    const after = await outbox.fail(key, behavior, error, retryAfterMs, d.random, sent.rev, settleAt);
    // A refusal of revision N when N+1 was written meanwhile leaves N+1 to retry (markFailed): not a rejection.
    if (behavior.kind === 'rejected' && after?.state === 'pending') behavior = { kind: 'retry', pauseAll: false };
    const status = res.status;
    if (behavior.kind === 'retry') {
      if (behavior.pauseAll) {
        const ms = retryAfterMs ?? backoffDelay(after?.attempts ?? 1, d.random);
        pausedUntil = Math.max(pausedUntil, d.clock() + ms);
        d.tabs.post({ t: 'pause', ms });
      }
      d.emit({ type: 'retry', key, status: status as number | 'network', delayMs: Math.max(0, (after?.nextAttemptAt ?? now) - now) });
      return { outcome: 'retry', error };
    }
    if (behavior.kind === 'blocked') {
      blocked = true;
      blockedBy = error;
      d.emit({ type: 'blocked', key, status: status as number | 'redirect' });
      const why = status === 'redirect' ? error : `Analytics API refused the key (HTTP ${status})`;
      d.report(new SupportCopilotError('unauthorized', `${why}: delivery paused until the configuration changes`, { key, ...(typeof status === 'number' ? { status } : {}) }));
      return { outcome: 'blocked', error };
    }
    d.emit({ type: 'rejected', key, status: status as number });
    d.report(new SupportCopilotError('rejected', `Analytics API rejected ${key} (${error}): kept, not retried`, { key, status: status as number }));
    return { outcome: 'rejected', error };
  }

  d.tabs.onMessage((m) => {
    if (m.t === 'pause') {
      pausedUntil = Math.max(pausedUntil, d.clock() + m.ms);
      self.schedule(m.ms);
    }
    if (m.t === 'sending') {
      if (m.sending) elsewhere.add(m.key);
      else elsewhere.delete(m.key);
    }
  });

  return self;
}
