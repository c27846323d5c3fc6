/**
 * Sends contact-form submissions exactly once, whatever the network and the visitor's tabs do:
 * stored first (ticket-store.ts), then sent by one tab at a time (a Web Lock; where locks are
 * missing or denied, this tab alone), each read again inside the lock so a submission another tab
 * has sent meanwhile is not sent twice, retried with the outbox's backoff, and always with its
 * submission id as the idempotency key, so a retry after an unknown outcome (timeout, tab closed
 * mid-request) is answered with the same ticket. Then the ticket is written onto its conversation.
 * Triggers: submit, start, `online` and the page visible again while the browser says it is online
 * (both at once, whatever the stored backoff: the outage is over), the retry timer, and the lock
 * coming free when another tab that held it finishes or closes.
 */
import { applyOutcome, isDue, markLinked, newSubmission, retryNow, unfinished, type TicketOutcome, type TicketSubmission } from '../widget-core/ticket-submission.ts';
import type { TicketRequest } from '../widget-core/widget-types.ts';
import type { TicketStore } from './ticket-store.ts';
import { ticketsPending } from './tickets-pending.ts';
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';

/** Sent and linked submissions are kept this long, so the visitor still sees "sent" when coming back. */
const KEEP_MS = 30 * 24 * 3600_000;
/** A ticket whose conversation never got a stored message has nothing to be linked to. */
const LINK_GIVE_UP_MS = 24 * 3600_000;

export interface TicketSenderDeps {
  store: TicketStore;
  /** The project's Web Lock and BroadcastChannel, and its pending flag (core/storage-names.ts `tickets`, `ticketsPending`). */
  names: { tickets: string; ticketsPending: string };
  create: (request: TicketRequest) => Promise<TicketOutcome>;
  /** Writes the ticket onto its conversation; false when nothing of the conversation is stored yet. */
  link: (s: TicketSubmission) => Promise<boolean>;
  /** A submission changed, in this tab or another. */
  changed: () => void;
  now?: () => number;
  random?: () => number;
  locks?: LockManager | undefined;
  Channel?: typeof BroadcastChannel | undefined;
  win?: Window | undefined;
}

export interface TicketSender {
  /** Stores the submission (durable first), then sends it. Resolves once stored. */
  submit(request: TicketRequest): Promise<TicketSubmission>;
  /** "Try again" on a failed submission. */
  retry(id: string): Promise<void>;
  run(ignoreBackoff?: boolean): Promise<void>;
  stop(): void;
}

export function createTicketSender(d: TicketSenderDeps): TicketSender {
  const { store } = d;
  const now = d.now ?? Date.now;
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const locks = 'locks' in d ? d.locks : nav?.locks;
  const win = 'win' in d ? d.win : typeof window === 'undefined' ? undefined : window;
  const abort = new AbortController();
  let channel: BroadcastChannel | undefined;
  try {
    const Channel = 'Channel' in d ? d.Channel : typeof BroadcastChannel === 'undefined' ? undefined : BroadcastChannel;
    channel = Channel ? new Channel(d.names.tickets) : undefined;
    if (channel) channel.onmessage = guarded(() => d.changed());
  } catch {
    channel = undefined;
  }
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let denied = false;
  let running = false;
  /** A trigger came during a pass: one more pass after it, forced if any of those triggers was. */
  let again: boolean | undefined;
  let waiting = false;

  const changed = () => {
    d.changed();
    try {
      channel?.postMessage('changed');
    } catch {
      /* closed */
    }
  };

  async function pass(ignoreBackoff: boolean): Promise<void> {
    const t = now();
    for (const s of await store.all()) {
      if (stopped) return;
      // Inside the lock and from storage: another tab may have sent it since we listed it.
      const fresh = await store.get(s.id);
      if (!fresh || fresh.state !== 'pending' || !(ignoreBackoff || isDue(fresh, t))) continue;
      // The view follows the attempt (an offline note goes as soon as it starts).
      d.changed();
      const outcome = await d.create(fresh.request);
      await store.update(s.id, (cur) => cur && applyOutcome(cur, outcome, now(), d.random));
      changed();
    }
    for (const s of await store.all()) {
      if (stopped) return;
      if (s.state === 'sent' && !s.linked) {
        const linked = (await d.link(s).then(undefined, () => false)) || now() - Date.parse(s.request.createdAt) > LINK_GIVE_UP_MS;
        if (linked) {
          await store.update(s.id, (cur) => cur && markLinked(cur, now()));
          changed();
        }
      } else if (s.state !== 'pending' && now() - s.touchedAt > KEEP_MS) await store.remove(s.id);
    }
    ticketsPending(d.names.ticketsPending, (await store.all()).some(unfinished));
    // Storage trouble here: the next trigger (online, visible, a new submission) schedules again.
    schedule().then(undefined, () => {});
  }

  /** The next retry, at the earliest due submission. */
  async function schedule(): Promise<void> {
    clearTimeout(timer);
    const due = (await store.all()).filter((s) => s.state === 'pending').map((s) => s.nextAttemptAt);
    if (!stopped && due.length) timer = setTimeout(guarded(() => sender.run()), Math.max(0, Math.min(...due) - now()));
  }

  /** One pass holding the lock; false when another tab holds it. */
  async function exclusive(fn: () => Promise<void>): Promise<boolean> {
    if (locks && !denied) {
      let ran = false;
      try {
        const sent = await locks.request(d.names.tickets, bare({ ifAvailable: true }), async (lock) => ((ran = true), !!lock && (await fn(), true)));
        // Resolved without ever running it (a page's stub of navigator.locks): this tab alone, like a refusal.
        if (ran) return sent;
        denied = true;
      } catch (e) {
        // Refused before it ran, whatever the error (SecurityError in third-party frames, a page's broken polyfill): this tab alone, then.
        if (ran) throw e;
        denied = true;
      }
    }
    await fn();
    return true;
  }

  /** Another tab is sending: look again once it is done, or gone (a closed tab releases its lock). */
  function whenFree(): void {
    if (waiting || !locks || denied) return;
    waiting = true;
    locks
      .request(d.names.tickets, bare({ signal: abort.signal }), async () => {
        waiting = false;
        await pass(false);
      })
      .then(undefined, () => (waiting = false));
  }

  const onOnline = guarded(() => sender.run(true));
  // Visible again while online: the connection may have come back while the page was hidden (no `online` then).
  const onVisible = guarded(() => win?.document.visibilityState === 'visible' && sender.run(win.navigator?.onLine !== false));
  win?.addEventListener('online', onOnline);
  win?.document.addEventListener('visibilitychange', onVisible);

  const sender: TicketSender = {
    async submit(request) {
      const s = newSubmission(request, now());
      await store.put(s);
      ticketsPending(d.names.ticketsPending, true);
      changed();
      sender.run().then(undefined, () => {});
      return s;
    },
    async retry(id) {
      await store.update(id, (cur) => cur && retryNow(cur, now()));
      changed();
      await sender.run();
    },
    async run(ignoreBackoff = false) {
      if (stopped) return;
      // One pass at a time in this tab; a trigger during a pass makes one more pass after it.
      if (running) {
        again = again || ignoreBackoff;
        return;
      }
      running = true;
      try {
        for (let force = ignoreBackoff; !stopped; force = again) {
          again = undefined;
          if (!(await exclusive(() => pass(force)))) whenFree();
          if (again === undefined) break;
        }
      } catch {
        /* storage trouble: the next trigger tries again */
      } finally {
        running = false;
      }
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
      channel?.close();
      win?.removeEventListener('online', onOnline);
      win?.document.removeEventListener('visibilitychange', onVisible);
    },
  };
  return sender;
}
