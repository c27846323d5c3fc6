/**
 * What a tab knows of the outbox, in memory: metadata of every record (never its messages), a
 * running total of stored bytes, and whole records only where they are worth their memory: those
 * this tab owns (it writes them without reading: storage/write-owner.ts). Times are kept on this
 * page's monotonic clock, so a wall clock that jumps cannot strand a retry (core `rebase`).
 */
import { BACKOFF_CAP_MS, rebase, RETRY_AFTER_CAP_MS } from '../core/backoff.ts';
import { bodyBytes, recordKey, type OutboxRecord } from '../core/outbox-record.ts';
import type { OutboxStats } from '../core/public-types.ts';

/** A record without its body and messages; `nextAttemptAt` and `settleAt` on the monotonic clock. */
export interface RecordMeta extends Omit<OutboxRecord, 'body' | 'messages'> {
  key: string;
  /** UTF-8 bytes of its request body. */
  bytes: number;
  /** Another tab changed the record since this tab last read or wrote it. */
  stale?: boolean;
  /** The stored (epoch) times these were derived from: unchanged in storage, the monotonic ones stand. */
  stored: [next: number, settle: number | undefined];
}

export interface Clocks {
  /** Epoch ms: what stored times are in. */
  now: () => number;
  /** Monotonic ms: what scheduling uses. */
  clock: () => number;
  settleMs: () => number;
}

export interface RecordCache {
  readonly meta: ReadonlyMap<string, RecordMeta>;
  /** Whole records this tab may write without reading (it owns them), as committed. */
  readonly hot: Map<string, OutboxRecord>;
  /**
   * Learns a record as stored now (undefined: gone). `own`: this tab's own transition, whose times
   * are exact; a record read from storage may carry times from a clock that has since jumped, so
   * they are clamped (a retry to the backoff cap, a settle point to the settle delay). `at`: the
   * [epoch, monotonic] instant the transition computed its times at, so a wall clock that jumps
   * between the transition and its commit (an IndexedDB transaction) does not move them.
   */
  learn(key: string, r: OutboxRecord | undefined, own: boolean, at?: readonly [wall: number, clock: number]): RecordMeta | undefined;
  markStale(key: string, rev: number): void;
  bytes(): number;
  stats(): Omit<OutboxStats, 'inFlight' | 'storage' | 'locks'>;
}

export function createRecordCache(c: Clocks): RecordCache {
  const meta = new Map<string, RecordMeta>();
  const hot = new Map<string, OutboxRecord>();
  let total = 0;
  return {
    meta,
    hot,
    learn(key, r, own, at) {
      total -= meta.get(key)?.bytes ?? 0;
      if (!r) {
        meta.delete(key);
        hot.delete(key);
        return undefined;
      }
      const { body: _b, messages: _m, ...rest } = r;
      // Read again with the same stored times: what this tab derived when the clock was sane stands
      // (derived again now, a wall clock moved back would push a due retry out to the cap).
      const prev = meta.get(key);
      const same = prev && prev.stored[0] === r.nextAttemptAt && prev.stored[1] === r.settleAt;
      const times = same ? { nextAttemptAt: prev.nextAttemptAt, settleAt: prev.settleAt } : rebase(r, at ? at[0] : c.now(), at ? at[1] : c.clock(), c.settleMs(), own ? RETRY_AFTER_CAP_MS : BACKOFF_CAP_MS);
      const m: RecordMeta = { ...rest, nextAttemptAt: times.nextAttemptAt, key: recordKey(r.kind, r.id), bytes: bodyBytes(r), stored: [r.nextAttemptAt, r.settleAt] };
      if (times.settleAt !== undefined) m.settleAt = times.settleAt;
      meta.set(key, m);
      total += m.bytes;
      return m;
    },
    markStale(key, rev) {
      const m = meta.get(key);
      if (m && m.rev < rev) m.stale = true;
    },
    bytes: () => total,
    stats() {
      const s = { pending: 0, delivered: 0, rejected: 0, blocked: 0, settling: 0 };
      for (const r of meta.values()) {
        if (r.state === 'rejected') s.rejected++;
        else if (r.state === 'blocked') s.blocked++;
        else if (r.rev > r.ackedRev) s.pending++;
        else s.delivered++;
        if (r.unsettledRev !== undefined && r.ackedRev > r.unsettledRev) s.settling++;
      }
      return s;
    },
  };
}
