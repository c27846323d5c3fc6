/**
 * What may be deleted, and when: delivered documents only (never pending, blocked, rejected or
 * converging ones, nor a conversation a handle of this tab holds open, which must stay whole),
 * oldest first, to make room under the storage cap or once past retention. Each deletion is
 * checked again inside its transaction (another tab may have appended meanwhile), and one another
 * tab is writing is left alone.
 */
import { isOpen, type OutboxRecord } from '../core/outbox-record.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import type { RecordMeta } from './record-cache.ts';

export interface EvictionDeps {
  meta: () => Iterable<RecordMeta>;
  bytes: () => number;
  held: ReadonlySet<string>;
  /** Writes without waiting for another tab's lock (busy: skipped). */
  write: (key: string, fn: (old: unknown) => unknown) => Promise<unknown>;
  maxStoredBytes: () => number;
}

export interface Eviction {
  /** Deletes delivered documents that `want`, oldest first, except `keep`. */
  evict(keep: string, want: (r: RecordMeta, freed: number) => boolean): Promise<void>;
  /** Makes room for `incoming` bytes under the cap; refuses the input (storage_full) when only undeletable data is left. */
  makeRoom(key: string, incoming: number): Promise<void>;
}

const gone = (old: unknown) => (old !== undefined && !isOpen(old as OutboxRecord) ? undefined : old);

export function createEviction(d: EvictionDeps): Eviction {
  const self: Eviction = {
    async evict(keep, want) {
      const candidates = [...d.meta()].filter((r) => !isOpen(r) && r.key !== keep && !d.held.has(r.key)).sort((a, b) => a.touchedAt - b.touchedAt);
      let freed = 0;
      const victims = candidates.filter((r) => want(r, freed) && (freed += r.bytes) >= 0);
      // All at once, so the write queue makes them one transaction.
      await Promise.all(victims.map((r) => d.write(r.key, gone).then(undefined, () => {})));
    },
    async makeRoom(key, incoming) {
      const max = d.maxStoredBytes();
      const total = d.bytes() + incoming;
      await self.evict(key, (_, freed) => total - freed > max);
      if (d.bytes() + incoming > max) throw new SupportCopilotError('storage_full', `Outbox full (maxStoredBytes ${max}) of undelivered data: message not stored`, { key });
    },
  };
  return self;
}
