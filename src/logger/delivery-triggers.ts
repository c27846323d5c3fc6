/**
 * When delivery runs besides appends: another tab's new revision, back online, the page visible
 * again, hidden (one keepalive run), and pagehide (what this tab holds, with keepalive). Returns
 * what detaches the page listeners.
 */
import type { Outbox } from '../storage/outbox.ts';
import type { Flusher } from '../transport/flusher.ts';
import { watchPageLifecycle } from '../transport/page-lifecycle.ts';
import type { TabSync } from '../transport/tab-sync.ts';
import { createUnloadSender, type UnloadDeps } from '../transport/unload.ts';

export interface DeliveryTriggers extends UnloadDeps {
  outbox: Outbox;
  flusher: Flusher;
  tabs: TabSync;
  clock: () => number;
}

export function watchDeliveryTriggers(t: DeliveryTriggers, win: Window | undefined): () => void {
  const { outbox, flusher: f, tabs } = t;
  tabs.onMessage((m) => {
    if (m.t !== 'changed') return;
    outbox.changedElsewhere(m.key, m.rev);
    f.schedule();
  });
  const pagehide = createUnloadSender(t);
  let lastForcedOnline = -Infinity;
  return watchPageLifecycle(
    {
      // Back online: the outage is over, so documents waiting out a backoff go now too; at most
      // once per 5 s, so a flapping connection cannot turn `online` into a request storm.
      online() {
        const force = t.clock() - lastForcedOnline > 5_000;
        if (force) lastForcedOnline = t.clock();
        f.schedule(0, force);
      },
      visible: () => f.schedule(0),
      hidden() {
        void f.run({ keepalive: true }).then(undefined, () => {});
        // Held write locks would keep the page out of the back/forward cache.
        outbox.releaseIdle();
      },
      pagehide: () => void pagehide(),
    },
    win,
  );
}
