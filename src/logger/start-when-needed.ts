/**
 * The script tag's delivery start (entries/start-delivery-script.ts): the delivery engine (Outbox,
 * flusher, tab sync, pagehide sender) is in the work chunk, and most visitors never write. With
 * nothing stored, the start waits (logger.ready() resolves meanwhile) until the first need: a write
 * (`wanted`), a message from another tab of the site on its channel (it is writing), or records
 * found when the page comes back online or visible; then it fetches the engine and starts it as
 * npm's start does at once. With
 * something stored, or when storage cannot be read, it starts at once, as it always did. A fetch
 * that fails is reported once and tried again with backoff: writes wait for it (nothing is lost),
 * reads reject with why meanwhile, and logger.ready() settles.
 */
import { backoffDelay } from '../core/backoff.ts';
import { firstSettled } from '../core/first-settled.ts';
import { guarded } from '../core/guarded.ts';
import { asSupportCopilotError, SupportCopilotError } from '../core/support-copilot-error.ts';
import { watchPageLifecycle } from '../transport/page-lifecycle.ts';
import type { Delivery, DeliveryDeps, DeliveryWiring, startDelivery } from './start-delivery.ts';

export interface StartWhenNeeded {
  /** Whether anything is stored (storage/stored-anything.ts). */
  stored: () => Promise<boolean>;
  /** The work chunk's full start. */
  load: () => Promise<typeof startDelivery>;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Resolves at the first sign of delivery work for this tab: a message on the tabs' channel (another
 * tab writes), or records found stored when the page comes back online or visible (another tab may
 * have left them undelivered, as a running engine would have sent them then). Listening starts
 * before the first look, so a write committed while it runs is heard.
 */
function watchForWork(deps: DeliveryDeps, name: string, stored: () => Promise<boolean>): { woken: Promise<void>; close: () => void } {
  let wake!: () => void;
  const woken = new Promise<void>((r) => (wake = r));
  let ch: BroadcastChannel | undefined;
  try {
    ch = deps.BroadcastChannel ? new deps.BroadcastChannel(name) : undefined;
    if (ch) ch.onmessage = guarded(() => wake());
  } catch {
    /* no channel: a write here is still a need */
  }
  const look = () => void stored().then((s) => s && wake(), () => {});
  const detach = watchPageLifecycle({ online: look, visible: look, hidden() {}, pagehide() {} }, deps.window);
  return {
    woken,
    close() {
      detach();
      ch?.close();
    },
  };
}

export async function startWhenNeeded(w: DeliveryWiring, deps: DeliveryDeps, opened: (d: Delivery) => void, io: StartWhenNeeded): Promise<Delivery> {
  const work = watchForWork(deps, w.names.db, io.stored);
  if (!(await io.stored())) {
    w.parked(true);
    await firstSettled([w.wanted, work.woken]);
    w.parked(false);
  }
  work.close();
  let start: typeof startDelivery | undefined;
  let failed = false;
  for (let attempt = 1; !start; attempt++) {
    if (w.destroyed()) throw new SupportCopilotError('destroyed', 'This logger was destroyed: create a new one');
    try {
      start = await io.load();
    } catch (e) {
      // Reads say why instead of waiting (logger.ready() and the widget's start settle); writes wait for the next try.
      w.failed(e);
      if (!failed) w.report(asSupportCopilotError(e, 'panel_unavailable', 'The delivery code could not be loaded'));
      failed = true;
      await io.sleep(Math.min(backoffDelay(attempt, w.random), 10_000));
    }
  }
  if (failed) w.failed(undefined);
  return start(w, deps, opened);
}
