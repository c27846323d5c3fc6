/**
 * The last request of a closing page. Durability does not depend on it (the outbox is written
 * first and flushed at the next start); it only makes delivery sooner. `sendBeacon` cannot carry
 * the bearer header, so this is `fetch(..., { keepalive: true })`, whose bodies share a 64 KiB
 * budget across all keepalive requests in flight (measured in Chromium: 65,536 bytes pass, 65,537
 * throw at once). No lock can be taken here (nothing asynchronous runs after pagehide), so a
 * document is sent only if this tab has seen no newer revision of it from another tab: that keeps
 * a stale, shorter message list from overwriting a newer one.
 */
import { KEEPALIVE_BUDGET_BYTES, needsSend, payloadOf, utf8Length } from '../core/outbox-record.ts';
import type { OutboxRecord } from '../core/types.ts';

export function sendOnPageHide(
  known: Iterable<OutboxRecord>,
  skip: (r: OutboxRecord) => boolean,
  newestSeenRev: (key: string) => number,
  send: (r: OutboxRecord, body: string) => void,
  now: number,
  budget = KEEPALIVE_BUDGET_BYTES,
): number {
  let sent = 0;
  for (const r of known) {
    const key = `${r.kind}:${r.id}`;
    if (skip(r) || !needsSend(r, now, true) || newestSeenRev(key) > r.rev) continue;
    const body = JSON.stringify(payloadOf(r));
    const bytes = utf8Length(body);
    if (bytes > budget) continue;
    budget -= bytes;
    send(r, body);
    sent++;
  }
  return sent;
}
