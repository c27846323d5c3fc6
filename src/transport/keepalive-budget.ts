/**
 * The 64 KiB that all keepalive requests in flight share (Chromium counts them together: 2 x 40 KB,
 * the second fails at once with a TypeError). One budget for every request this logger makes while
 * the page is hidden or closing, the hidden-page run and the pagehide sender alike, so neither
 * assumes the whole of it.
 */
import { KEEPALIVE_BUDGET_BYTES } from '../core/outbox-record.ts';

export interface KeepaliveBudget {
  /** Reserves `bytes` if they fit; false (nothing reserved) when they do not. */
  take(bytes: number): boolean;
  /** Returns a reservation once its request has settled. */
  give(bytes: number): void;
}

export function createKeepaliveBudget(limit = KEEPALIVE_BUDGET_BYTES): KeepaliveBudget {
  let used = 0;
  return {
    take: (bytes) => used + bytes <= limit && ((used += bytes), true),
    give(bytes) {
      used = Math.max(0, used - bytes);
    },
  };
}
