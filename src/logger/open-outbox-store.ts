/**
 * The Outbox's store: IndexedDB, or memory when it is missing, blocked, hanging or taken over by a
 * newer version (then `memory(why)` says so, and the page keeps working on what it holds).
 */
import type { LoggerEvent } from '../core/public-types.ts';
import { openIdbStore } from '../storage/idb-store.ts';
import { createMemoryStore } from '../storage/memory-store.ts';
import type { OutboxStore } from '../storage/outbox-store.ts';

export async function openOutboxStore(
  name: string,
  timeoutMs: number,
  idbFactory: () => IDBFactory | undefined,
  emit: (e: LoggerEvent) => void,
  memory: (why: string) => void,
): Promise<OutboxStore> {
  try {
    // The getter itself throws where storage is blocked (some browsers, some settings).
    const store = await openIdbStore({ name, timeoutMs, lost: (why) => memory(`IndexedDB taken over by another version (${why})`) }, idbFactory());
    emit({ type: 'storage', storage: store.kind });
    return store;
  } catch (e) {
    memory(`IndexedDB unavailable (${(e as Error)?.message ?? e})`);
    return createMemoryStore();
  }
}
