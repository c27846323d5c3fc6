/**
 * The logger's start, wiring only: storage (IndexedDB, or memory when it is missing, blocked,
 * hanging or taken over by a newer version), the Outbox, tab sync, the flusher, the pagehide
 * sender and the page lifecycle, then the start-up delivery. Part of the composition root
 * (conversation-logger.ts); it runs in a task after the logger's creation, so nothing here touches
 * storage before the host page (and the launcher) paint, and nothing here reports synchronously
 * into code that is still creating the logger.
 */
import type { ResolvedLoggerConfig } from '../core/config.ts';
import { settleDelayMs, type RecordKind } from '../core/outbox-record.ts';
import type { LoggerEvent } from '../core/public-types.ts';
import type { StorageNames } from '../core/storage-names.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import { migrateLegacy } from '../storage/legacy-migration.ts';
import { createOutbox, type Outbox } from '../storage/outbox.ts';
import { createFlusher, type Flusher } from '../transport/flusher.ts';
import { httpSend } from '../transport/http-send.ts';
import { createKeepaliveBudget } from '../transport/keepalive-budget.ts';
import { createTabSync, type TabSync } from '../transport/tab-sync.ts';
import { watchDeliveryTriggers } from './delivery-triggers.ts';
import { openOutboxStore } from './open-outbox-store.ts';
import { guarded } from '../core/guarded.ts';

export interface DeliveryDeps {
  fetch: typeof fetch;
  /** localStorage / sessionStorage, read when asked (a getter that throws where storage is blocked). */
  local: () => Storage | undefined;
  session: () => Storage | undefined;
  indexedDB: () => IDBFactory | undefined;
  locks: () => LockManager | undefined;
  BroadcastChannel?: typeof BroadcastChannel | undefined;
  window: Window | undefined;
}

export interface DeliveryWiring {
  /** The configuration as it is now (it may change at run time). */
  cfg: () => ResolvedLoggerConfig;
  /** The project's storage names, fixed when the logger was made (core/storage-names.ts). */
  names: StorageNames;
  now: () => number;
  clock: () => number;
  random: () => number;
  emit: (e: LoggerEvent) => void;
  report: (e: SupportCopilotError) => void;
  /** Sending allowed at all (consent, destroyed). */
  enabled: () => boolean;
  destroyed: () => boolean;
  /** Resolves at the first write or read that needs the Outbox (or at destroy()). This start never waits for it. */
  wanted: Promise<void>;
  /** A start that found nothing stored waits for `wanted` (true), or stopped waiting (false): logger/start-when-needed.ts. */
  parked: (waiting: boolean) => void;
  /** The engine could not be fetched (reads reject with it; undefined once it is here): logger/start-when-needed.ts. */
  failed: (error: unknown) => void;
}

export interface Delivery {
  outbox: Outbox;
  flusher: Flusher;
  tabs: TabSync;
  stop(): void;
}

const PATHS: Record<RecordKind, string> = { conversation: '/conversations', feedback: '/feedback', event: '/events' };
const memoryReason = (why: string) => `${why}: messages are kept in memory, for this page only`;

export async function startDelivery(w: DeliveryWiring, deps: DeliveryDeps, opened: (d: Delivery) => void): Promise<Delivery> {
  const { cfg, now, emit, report } = w;
  const tabs = createTabSync(w.names.db, { locks: deps.locks(), Channel: deps.BroadcastChannel });
  const settleMs = () => settleDelayMs(cfg().requestTimeoutMs);
  const send = (kind: RecordKind, body: string, keepalive: boolean) =>
    httpSend(cfg().analyticsUrl + PATHS[kind], cfg().apiKey, body, { keepalive, timeoutMs: cfg().requestTimeoutMs, fetchImpl: deps.fetch });
  const memory = (why: string) => {
    report(new SupportCopilotError('storage_unavailable', memoryReason(why)));
    emit({ type: 'storage', storage: 'memory' });
  };

  const store = await openOutboxStore(w.names.db, cfg().storageTimeoutMs, deps.indexedDB, emit, memory);
  await tabs.probe();
  // What the unpartitioned names held comes into this project's partition before anything is read.
  await migrateLegacy({ idb: store.kind === 'indexeddb' ? deps.indexedDB() : undefined, locks: deps.locks(), local: deps.local, session: deps.session }, w.names);
  let flusher: Flusher | undefined;
  // Other tabs hear of new revisions once per key per moment, not per append: a BroadcastChannel post
  // costs ~0.2 ms here, a fifth of the write it follows. They need it only to refresh what they show
  // (their own delivery reads the open set, and this tab sends what it writes).
  const announced = new Map<string, number>();
  const announce = () => {
    for (const [key, rev] of announced) tabs.post({ t: 'changed', key, rev });
    announced.clear();
  };
  const outbox = createOutbox({
    store,
    now,
    clock: w.clock,
    settleMs,
    maxStoredBytes: () => cfg().maxStoredBytes,
    emit,
    report,
    locks: tabs,
    changed(key, rev) {
      if (announced.size === 0) setTimeout(guarded(announce), 50);
      announced.set(key, rev);
      flusher?.schedule();
    },
  });
  const keepalive = createKeepaliveBudget();
  flusher = createFlusher({ outbox, send, tabs, now, clock: w.clock, random: w.random, flushDelayMs: cfg().flushDelayMs, settleMs, keepalive, enabled: w.enabled, emit, report });
  let detach = () => {};
  const delivery: Delivery = {
    outbox,
    flusher,
    tabs,
    stop() {
      detach();
      tabs.close();
      flusher!.stop();
      // After destroy() nothing is left to report to: a failed close changes nothing.
      void outbox.idle().then(() => outbox.close()).then(undefined, () => {});
    },
  };
  opened(delivery);
  if (w.destroyed()) {
    // destroy() ran while storage was opening: attach nothing, leave nothing behind.
    delivery.stop();
    return delivery;
  }
  detach = watchDeliveryTriggers({ outbox, flusher, tabs, send, now, clock: w.clock, keepalive, requestTimeoutMs: cfg().requestTimeoutMs, enabled: w.enabled }, deps.window);
  await outbox.load().then(undefined, () => {});
  await flusher.run({ retryBlocked: true }).then(undefined, () => {});
  // Retention: delivered conversations untouched for retentionMs go.
  void outbox.evictExpired(now() - cfg().retentionMs).then(undefined, () => {});
  return delivery;
}
