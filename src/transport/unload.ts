/**
 * The last request of a closing page. Durability does not depend on it (the outbox is written
 * first and flushed at the next start); it only makes delivery sooner. `sendBeacon` cannot carry
 * the bearer header, so this is `fetch(..., { keepalive: true })`, whose bodies share a 64 KiB
 * budget across all keepalive requests in flight (measured in Chromium: 65,536 bytes pass, 65,537
 * throw at once): the budget the hidden-page run shares too. Nothing asynchronous can run after
 * pagehide, so no lock can be taken and no record read: what is sent is what this tab holds in
 * memory (records it wrote lately), and only if no tab is sending it and this tab has seen no newer
 * revision of it from another tab: that keeps a stale, shorter message list from overwriting a newer one.
 */
import { needsSend, payloadOf, recordKey, utf8Length } from '../core/outbox-record.ts';
import type { Outbox } from '../storage/outbox.ts';
import type { Flusher, Send } from './flusher.ts';
import type { KeepaliveBudget } from './keepalive-budget.ts';
import type { TabSync } from './tab-sync.ts';
import { toJson } from '../core/json.ts';
import { isOk } from '../core/status-policy.ts';

export interface UnloadDeps {
  outbox: Pick<Outbox, 'sendable' | 'ack'>;
  flusher: Pick<Flusher, 'sending' | 'halted'>;
  tabs: Pick<TabSync, 'onMessage'>;
  send: Send;
  /** Epoch ms. */
  now: () => number;
  keepalive: KeepaliveBudget;
  /** Another tab's "sending" signal older than this is from a tab that died mid-request. */
  requestTimeoutMs: number;
  /** Sending allowed at all (consent, destroyed). */
  enabled: () => boolean;
}

/** Watches other tabs' signals and returns the pagehide handler; it returns how many documents it sent. */
export function createUnloadSender(d: UnloadDeps): () => number {
  const seenRev = new Map<string, number>();
  const sendingElsewhere = new Map<string, number>();
  d.tabs.onMessage((m) => {
    if (m.t === 'sending') {
      if (m.sending) sendingElsewhere.set(m.key, d.now());
      else sendingElsewhere.delete(m.key);
    }
    if (m.t === 'changed') seenRev.set(m.key, Math.max(seenRev.get(m.key) ?? 0, m.rev));
  });

  return () => {
    if (!d.enabled() || d.flusher.halted()) return 0;
    const now = d.now();
    let sent = 0;
    for (const r of d.outbox.sendable()) {
      const key = recordKey(r.kind, r.id);
      // In flight here or in another tab (which holds its lock): an unlocked request could
      // overtake that older one at the server and then be overwritten by it.
      const elsewhere = sendingElsewhere.get(key);
      if (d.flusher.sending(key) || (elsewhere !== undefined && now - elsewhere < d.requestTimeoutMs)) continue;
      if (!needsSend(r, now, true) || (seenRev.get(key) ?? 0) > r.rev) continue;
      const body = toJson(payloadOf(r));
      const bytes = utf8Length(body);
      if (!d.keepalive.take(bytes)) continue;
      sent++;
      void d.send(r.kind, body, true).then(
        (res) => {
          d.keepalive.give(bytes);
          // Only reached if the page survives (back/forward cache): record the acknowledgement.
          if (isOk(res.status)) void d.outbox.ack(key, r.rev, now).then(undefined, () => {});
        },
        // A host's fetch that rejects: the budget comes back, the next start delivers it.
        () => d.keepalive.give(bytes),
      );
    }
    return sent;
  };
}
