/**
 * Delivers the outbox. Decides when to try (debounced triggers, retry timer, pauses) and, for each
 * document, sends the body read from storage inside a cross-tab lock, then records the outcome.
 * All rules about what an outcome means live in core/ (status policy, record transitions).
 */
import { checkRecord, recordSchema } from '../core/record-schema.ts';
import { markAcked, markFailed, needsSend, payloadOf, unblock, utf8Length, KEEPALIVE_BUDGET_BYTES } from '../core/outbox-record.ts';
import { statusBehavior } from '../core/status-policy.ts';
import { backoffDelay, parseRetryAfter } from '../core/backoff.ts';
import type { LoggerEvent, OutboxRecord, RecordKind, SendResult } from '../core/types.ts';
import type { WriteQueue } from '../storage/write-queue.ts';
import { BUSY, type TabSync } from './tab-sync.ts';

export interface FlusherDeps {
  queue: WriteQueue;
  tabs: TabSync;
  send: (kind: RecordKind, body: string, keepalive: boolean) => Promise<SendResult>;
  now: () => number;
  random: () => number;
  flushDelayMs: number;
  /** Sending allowed at all (consent, destroyed). */
  enabled: () => boolean;
  emit: (event: LoggerEvent) => void;
  /** Every record this tab has read or written, for stats and the unload path. */
  known: Map<string, OutboxRecord>;
}

export type Outcome = 'delivered' | 'idle' | 'busy' | 'retry' | 'blocked' | 'rejected' | 'paused';

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

type Results = Map<string, { outcome: Outcome; error?: string }>;

export interface Flusher {
  /** A run after `delayMs` (the earliest asked wins); `force` makes it ignore backoff timers. */
  schedule(delayMs?: number, force?: boolean): void;
  run(o?: RunOptions): Promise<Map<string, { outcome: Outcome; error?: string }>>;
  /** Documents with a request in flight from this tab. */
  readonly inFlight: ReadonlySet<string>;
  /** A 401/403/404 stopped sending until the configuration changes. */
  blocked: boolean;
  pausedUntil: number;
  stop(): void;
}

export function createFlusher(d: FlusherDeps): Flusher {
  const inFlight = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let forceNext = false;
  let stopped = false;
  let keepaliveBytes = 0;
  // Documents this tab is sending now (lock requested or held), so concurrent runs never contend
  // with each other: the sender drains the document, and only an explicit flush waits for it.
  const active = new Map<string, Promise<{ outcome: Outcome; error?: string }>>();
  // Full payload validation is costly for long conversations: once per revision is enough.
  const validRev = new Map<string, number>();
  const check = (key: string, raw: unknown) => {
    const r = raw as OutboxRecord;
    if (validRev.get(key) === r?.rev && recordSchema.safeParse(raw).success) return { ok: true as const, record: r };
    const checked = checkRecord(key, raw);
    if (checked.ok) validRev.set(key, checked.record.rev);
    return checked;
  };

  const self: Flusher = {
    inFlight,
    blocked: false,
    pausedUntil: 0,
    schedule(delayMs = d.flushDelayMs, force = false) {
      if (stopped) return;
      forceNext ||= force;
      const at = d.now() + Math.max(0, delayMs);
      if (timer !== undefined && timerAt <= at) return;
      clearTimeout(timer);
      timerAt = at;
      timer = setTimeout(() => {
        timer = undefined;
        timerAt = Infinity;
        const force = forceNext;
        forceNext = false;
        void self.run({ force }).catch(() => {});
      }, delayMs);
    },
    run: (o = {}) => runOnce(o),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };

  async function runOnce(o: RunOptions): Promise<Results> {
    const results: Results = new Map();
    if (stopped || !d.enabled()) return results;
    await d.queue.idle();
    const now = d.now();
    const keys: string[] = [];
    const entries = await d.queue.store.entries();
    // Gone from storage (delivered feedback or events deleted by another tab): forget them here too.
    const present = new Set(entries.map(([key]) => key));
    for (const key of d.known.keys()) if (!present.has(key)) d.known.delete(key);
    for (const [key, raw] of entries) {
      let checked = check(key, raw);
      if (!checked.ok) {
        await d.queue.store.quarantine(key, raw, checked.reason).catch(() => {});
        d.known.delete(key);
        d.emit({ type: 'quarantined', key, reason: checked.reason });
        continue;
      }
      if (o.retryBlocked && checked.record.state === 'blocked') {
        const r = await d.queue.write(key, (old) => (old === undefined ? old : unblock(old as OutboxRecord)));
        if (r) checked = { ok: true, record: r as OutboxRecord };
      }
      // Keep the object this tab already has when nothing changed: per-record caches (sizes) stay valid.
      const had = d.known.get(key);
      const r = checked.record;
      if (!had || had.rev !== r.rev || had.ackedRev !== r.ackedRev || had.state !== r.state || had.nextAttemptAt !== r.nextAttemptAt) d.known.set(key, r);
      if (needsSend(r, now, o.force)) keys.push(key);
    }
    // A few documents at a time: enough to drain quickly, few enough to leave the page's connections free.
    const queue = [...keys];
    await Promise.all(
      Array.from({ length: Math.min(4, queue.length) }, async () => {
        for (let key = queue.shift(); key !== undefined; key = queue.shift()) results.set(key, await sendOne(key, o));
      }),
    );
    armRetryTimer();
    return results;
  }

  function armRetryTimer(): void {
    let next = Infinity;
    for (const r of d.known.values()) if (r.state === 'pending' && r.rev > r.ackedRev) next = Math.min(next, r.nextAttemptAt);
    next = Math.max(next, self.pausedUntil);
    if (next < Infinity && !self.blocked) self.schedule(Math.max(0, next - d.now()));
  }

  async function sendOne(key: string, o: RunOptions): Promise<{ outcome: Outcome; error?: string }> {
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

  async function sendLocked(key: string, o: RunOptions): Promise<{ outcome: Outcome; error?: string }> {
    const result = await d.tabs
      .withLock(`send:${key}`, !!o.wait, async () => {
        let last: { outcome: Outcome; error?: string } = { outcome: 'idle' };
        // Loop while new revisions arrive during a send: the lock holder drains the document.
        for (let first = true; ; first = false) {
          if (stopped || !d.enabled()) return last;
          if (self.blocked) return { outcome: 'blocked' as const };
          if (self.pausedUntil > d.now()) return { outcome: 'paused' as const };
          const raw = await d.queue.store.get(key);
          if (raw === undefined) return last;
          const checked = check(key, raw);
          if (!checked.ok) return last; // quarantined on the next full run
          const r = checked.record;
          d.known.set(key, r);
          if (!needsSend(r, d.now(), first && o.force)) return last;
          const body = JSON.stringify(payloadOf(r));
          const bytes = utf8Length(body);
          const keepalive = !!o.keepalive && keepaliveBytes + bytes <= KEEPALIVE_BUDGET_BYTES;
          if (keepalive) keepaliveBytes += bytes;
          inFlight.add(key);
          d.tabs.post({ t: 'sending', key, sending: true });
          let res: SendResult;
          try {
            res = await d.send(r.kind, body, keepalive);
          } finally {
            inFlight.delete(key);
            d.tabs.post({ t: 'sending', key, sending: false });
            if (keepalive) keepaliveBytes -= bytes;
          }
          last = await record(key, r, res);
          if (last.outcome !== 'delivered') return last;
        }
      })
      .catch((e: unknown) => ({ outcome: 'retry' as const, error: String((e as Error)?.message ?? e) }));
    if (result === BUSY) {
      // Another tab is sending it; look again once it lets go (also if that tab dies mid-request).
      d.tabs.whenFree(`send:${key}`, () => self.schedule(0));
      return { outcome: 'busy' };
    }
    return result;
  }

  async function record(key: string, sent: OutboxRecord, res: SendResult): Promise<{ outcome: Outcome; error?: string }> {
    const behavior = statusBehavior(res.status);
    const now = d.now();
    if (behavior.kind === 'delivered') {
      const after = await d.queue.write(key, (old) => (old === undefined ? undefined : markAcked(old as OutboxRecord, sent.rev, now)));
      if (after) d.known.set(key, after);
      else d.known.delete(key);
      d.emit({ type: 'delivered', key, rev: sent.rev });
      d.tabs.post({ t: 'changed', key, rev: sent.rev });
      return { outcome: 'delivered' };
    }
    const error = res.error ?? `HTTP ${res.status}`;
    const retryAfterMs = parseRetryAfter(res.retryAfter, now);
    const after = await d.queue.write(key, (old) =>
      old === undefined ? undefined : markFailed(old as OutboxRecord, behavior, error, now, retryAfterMs, d.random, sent.rev),
    );
    if (after) d.known.set(key, after);
    const status = res.status;
    if (behavior.kind === 'retry') {
      if (behavior.pauseAll) {
        self.pausedUntil = now + (retryAfterMs ?? backoffDelay(after?.attempts ?? 1, d.random));
        d.tabs.post({ t: 'pause', until: self.pausedUntil });
      }
      d.emit({ type: 'retry', key, status, delayMs: Math.max(0, (after?.nextAttemptAt ?? now) - now) });
      return { outcome: 'retry', error };
    }
    if (behavior.kind === 'blocked') {
      self.blocked = true;
      d.emit({ type: 'blocked', key, status: status as number });
      return { outcome: 'blocked', error };
    }
    d.emit({ type: 'rejected', key, status: status as number });
    return { outcome: 'rejected', error };
  }

  d.tabs.onMessage((m) => {
    if (m.t === 'pause') {
      self.pausedUntil = Math.max(self.pausedUntil, m.until);
      self.schedule(Math.max(0, self.pausedUntil - d.now()));
    }
  });

  return self;
}
