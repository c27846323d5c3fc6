/** Every [key, value] of a store, in one array: for tests and diagnostics (delivery never reads it all). */
import type { OutboxStore } from './outbox-store.ts';

export async function storeEntries(store: OutboxStore): Promise<[string, unknown][]> {
  const out: [string, unknown][] = [];
  await store.each((key, value) => out.push([key, value]));
  return out;
}
