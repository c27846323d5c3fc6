/**
 * What every part of the logger shares: the configuration as it is now, the clocks and ids, the
 * host's callbacks (isolated: one that throws breaks nothing), the visitor's identity, and the
 * delivery engine once started. Delivery starts in a later task, so creating a logger touches no
 * storage, cookie or lock in the caller's task.
 */
import { resolveLoggerConfig, type ResolvedLoggerConfig } from '../core/config.ts';
import { storageNames } from '../core/storage-names.ts';
import { uuidv7 } from '../core/ids.ts';
import type { IdentitySnapshot, LoggerConfig, LoggerEvent } from '../core/public-types.ts';
import { asSupportCopilotError, SupportCopilotError } from '../core/support-copilot-error.ts';
import { createIdentityStore } from '../storage/identity-store.ts';
import { createVisitorIdentity, type VisitorIdentity } from '../storage/visitor-identity.ts';
import { deliveryDeps, pageDocument, type LoggerDeps } from './logger-deps.ts';
import { startDelivery, type Delivery } from './start-delivery.ts';
import { rethrowToPage } from '../core/guarded.ts';
import { firstSettled } from '../core/first-settled.ts';

export interface LoggerContext {
  cfg(): ResolvedLoggerConfig;
  setCfg(next: ResolvedLoggerConfig): void;
  /** Epoch ms that never go back (messages keep the order they were written in). */
  now(): number;
  newId(): string;
  visitor: VisitorIdentity;
  identity(): IdentitySnapshot;
  listeners: Set<(e: LoggerEvent) => void>;
  report(e: SupportCopilotError): void;
  /** An option refused at the door (its default used): said in the console too, where integrators look first. */
  refuse(e: SupportCopilotError): void;
  optedOut(): boolean;
  sendingAllowed(): boolean;
  /** Delivery once storage is open; rejects when it could not start. Asks for nothing: see `ready`. */
  started: Promise<Delivery>;
  /**
   * Delivery when something is stored, for what only reads: undefined while the script tag's start
   * waits (it found nothing stored, and nothing was written since: entries/start-delivery-script.ts).
   */
  ifStored(): Promise<Delivery | undefined>;
  /** Delivery as soon as storage is open (before the start-up run), for stats(). */
  live(): Delivery | undefined;
  /** Settles when storage is chosen and the start-up delivery tried, or the start waits for a need. */
  settled: Promise<void>;
  /** The Outbox once open, for a write (the start stops waiting); refuses work after destroy(). */
  ready(): Promise<Delivery>;
  /** Work for once delivery has started, from code the host called: a failure is reported, never thrown into the page. */
  whenStarted(fn: (d: Delivery) => unknown): void;
  destroyed(): boolean;
  destroy(): void;
}

const safeCall = <A>(fn: ((a: A) => void) | undefined, arg: A) => {
  try {
    fn?.(arg);
  } catch (e) {
    // A host callback that throws must not break delivery; surface it without rethrowing.
    rethrowToPage(e);
  }
};

/** Epoch ms from `wall`, never earlier than the last one given (the wall clock may go back). */
const monotonicStamps = (wall: () => number) => {
  let last = 0;
  return () => (last = Math.max(last, wall()));
};

/**
 * What a start that waits for the first need is told (logger/start-when-needed.ts: the script
 * tag's, when nothing is stored; npm's starts at once and never parks).
 */
function startNeeds() {
  let want!: () => void;
  let park!: () => void;
  let waiting = false;
  let failure: unknown;
  const wanted = new Promise<void>((r) => (want = r));
  const hasParked = new Promise<void>((r) => (park = r));
  return {
    wanted,
    hasParked,
    parked: (w: boolean) => ((waiting = w), park()),
    failed: (e: unknown) => ((failure = e), park()),
    /** For a read: undefined (nothing stored), or the start's promise (rejected while the engine cannot be fetched). */
    delivery: <T>(started: Promise<T>): Promise<T> | undefined => (waiting ? undefined : failure === undefined ? started : Promise.reject(failure)),
    /** A write needs the Outbox: the start stops waiting. */
    now() {
      waiting = false;
      want();
    },
    /** destroy(): a waiting start ends without starting. */
    end: () => want(),
  };
}

export function createLoggerContext(config: LoggerConfig, deps: LoggerDeps): LoggerContext {
  // Options refused on their own (cookieDomain): reported once the host has its logger, in the start task.
  const early: SupportCopilotError[] = [];
  let cfg: ResolvedLoggerConfig = resolveLoggerConfig(config, true, (e) => early.push(e));
  // The partition is the configuration's at start: update({ apiKey }) re-keys this project's data, it does not move it.
  const names = storageNames(cfg.apiKey, cfg.analyticsUrl);
  const wall = deps.now ?? Date.now;
  const now = monotonicStamps(wall);
  const newId = () => uuidv7(now);
  const listeners = new Set<(e: LoggerEvent) => void>();
  let destroyed = false;
  let live: Delivery | undefined;
  const emit = (e: LoggerEvent) => {
    safeCall(cfg.onEvent, e);
    for (const l of listeners) safeCall(l, e);
  };
  const report = (e: SupportCopilotError) => safeCall(cfg.onError, e);
  const refuse = (e: SupportCopilotError) => {
    console.error('[SupportCopilot]', e.message);
    report(e);
  };
  const store = createIdentityStore({
    cookieName: cfg.cookieName,
    ...(cfg.cookieDomain ? { cookieDomain: cfg.cookieDomain } : {}),
    newId,
    doc: pageDocument(deps),
    ...(deps.sessionStorage ? { session: deps.sessionStorage } : {}),
  });
  const visitor = createVisitorIdentity(store, cfg, () => cfg.supportAgent);
  const sendingAllowed = () => !destroyed && !visitor.consent().optOutAllAnalytics;
  const clock = deps.clock ?? (typeof performance === 'undefined' ? wall : () => performance.now());
  const need = startNeeds();
  const { wanted, parked, failed } = need;
  const wiring = { cfg: () => cfg, names, now: wall, clock, random: deps.random ?? Math.random, emit, report, enabled: sendingAllowed, destroyed: () => destroyed, wanted, parked, failed };
  const started = new Promise<void>((r) => setTimeout(r)).then(() => {
    for (const e of early.splice(0)) refuse(e);
    return startDelivery(wiring, deliveryDeps(deps), (d) => void (live = d));
  });
  const settled = firstSettled<unknown>([started, need.hasParked]).then(() => {});
  // Handled here too: a logger nobody calls must not leave an unhandled rejection in the page (callers still see it).
  started.then(undefined, () => {});
  settled.then(undefined, () => {});
  return {
    cfg: () => cfg,
    setCfg: (next) => void (cfg = next),
    now,
    newId,
    visitor,
    identity: () => visitor.snapshot(),
    listeners,
    report,
    refuse,
    optedOut: () => !!visitor.consent().optOutAllAnalytics,
    sendingAllowed,
    started,
    settled,
    ifStored: () => settled.then(() => need.delivery(started)),
    live: () => live,
    async ready() {
      need.now();
      const d = await started;
      if (destroyed) throw new SupportCopilotError('destroyed', 'This logger was destroyed: create a new one');
      return d;
    },
    // After destroy() a start still waiting never starts (logger/start-when-needed.ts): nothing to say.
    whenStarted: (fn) => void started.then(fn).then(undefined, (e: unknown) => void (destroyed || report(asSupportCopilotError(e, 'unexpected', 'Delivery could not start')))),
    destroyed: () => destroyed,
    destroy() {
      destroyed = true;
      visitor.stop();
      listeners.clear();
      // A start still waiting for a need ends (logger/start-when-needed.ts: nothing left behind).
      need.end();
      void started.then((d) => d.stop(), () => {});
    },
  };
}
