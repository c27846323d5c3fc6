/**
 * The script tag's delivery start (entries/start-delivery-script.ts): the delivery engine (Outbox,
 * flusher, tab sync, pagehide sender) is in the work chunk, and most visitors never write. With
 * nothing stored, the start waits (logger.ready() resolves meanwhile) until the first need: a write
 * or a read of the Outbox (`wanted`), or a message from another tab of the site on its channel
 * (it is writing); then it fetches the engine and starts it as npm's start does at once. With
 * something stored, or when storage cannot be read, it starts at once, as it always did. A fetch
 * that fails is reported once and tried again with backoff (writes wait for it, nothing is lost).
 */
import { backoffDelay } from '../core/backoff.ts';
import { firstSettled } from '../core/first-settled.ts';
import { asSupportCopilotError, SupportCopilotError } from '../core/support-copilot-error.ts';
import type { Delivery, DeliveryDeps, DeliveryWiring, startDelivery } from './start-delivery.ts';

export interface StartWhenNeeded {
  /** Whether anything is stored (storage/stored-anything.ts). */
  stored: () => Promise<boolean>;
  /** The work chunk's full start. */
  load: () => Promise<typeof startDelivery>;
  sleep: (ms: number) => Promise<void>;
}

/** Resolves at the first message on the tabs' channel; `close` stops listening. */
function hearTabs(Channel: typeof BroadcastChannel | undefined, name: string): { heard: Promise<void>; close: () => void } {
  let ch: BroadcastChannel | undefined;
  const heard = new Promise<void>((r) => {
    try {
      ch = Channel ? new Channel(name) : undefined;
      if (ch) ch.onmessage = () => r();
    } catch {
      /* no channel: a write here is still a need */
    }
  });
  return { heard, close: () => ch?.close() };
}

export async function startWhenNeeded(w: DeliveryWiring, deps: DeliveryDeps, opened: (d: Delivery) => void, io: StartWhenNeeded): Promise<Delivery> {
  if (!(await io.stored())) {
    const tabs = hearTabs(deps.BroadcastChannel, w.names.db);
    w.parked(true);
    await firstSettled([w.wanted, tabs.heard]);
    tabs.close();
    w.parked(false);
  }
  let start: typeof startDelivery | undefined;
  for (let attempt = 1; !start; attempt++) {
    if (w.destroyed()) throw new SupportCopilotError('destroyed', 'This logger was destroyed: create a new one');
    try {
      start = await io.load();
    } catch (e) {
      if (attempt === 1) w.report(asSupportCopilotError(e, 'panel_unavailable', 'The delivery code could not be loaded'));
      await io.sleep(Math.min(backoffDelay(attempt, w.random), 10_000));
    }
  }
  return start(w, deps, opened);
}
