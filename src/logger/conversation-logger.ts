/**
 * Composition root of the headless core: wires identity and the delivery engine (start-delivery.ts),
 * and exposes the public API. Every browser API is injectable (tests) and every host callback is
 * isolated, so nothing here can throw into the host page's own code paths. Creating a logger does
 * no storage, cookie or lock access in the caller's task: that starts in a later task.
 */
import { resolveLoggerConfig, type ResolvedLoggerConfig } from '../core/config.ts';
import { uuidv7 } from '../core/ids.ts';
import { toMessage } from '../core/message-input.ts';
import { bare, ownCopy } from '../core/own-copy.ts';
import { recordKey } from '../core/outbox-record.ts';
import { parseOrThrow } from '../core/parse-or-throw.ts';
import { conversationSchema, eventSchema, feedbackSchema, type Message } from '../core/schema.ts';
import { asSupportCopilotError, invalidInput, SupportCopilotError } from '../core/support-copilot-error.ts';
import { visitorConversations } from '../core/visitor-conversations.ts';
import type { ConversationHandle, ConversationLogger, ConversationOptions, LoggerConfig, LoggerEvent, OutboxStats } from '../core/public-types.ts';
import { createIdentityStore } from '../storage/identity-store.ts';
import { createVisitorIdentity } from '../storage/visitor-identity.ts';
import { startDelivery, type Delivery } from './start-delivery.ts';

/** Injectable I/O; defaults are the browser's own. */
export interface LoggerDeps {
  fetch?: typeof fetch;
  /** Epoch ms (stored times, payload dates). */
  now?: () => number;
  /** Monotonic ms (every wait: retries, pauses); defaults to `performance.now`. */
  clock?: () => number;
  random?: () => number;
  indexedDB?: IDBFactory;
  document?: Document;
  sessionStorage?: () => Storage | undefined;
  window?: Window;
  locks?: LockManager;
  BroadcastChannel?: typeof BroadcastChannel;
}

const safeCall = <A>(fn: ((a: A) => void) | undefined, arg: A) => {
  try {
    fn?.(arg);
  } catch (e) {
    // A host callback that throws must not break delivery; surface it without rethrowing.
    setTimeout(() => {
      throw e;
    });
  }
};

const clean = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const browser = <K extends keyof typeof globalThis>(name: K) => {
  try {
    return globalThis[name];
  } catch {
    // A getter that throws (storage blocked): as if absent.
    return undefined;
  }
};

export function createConversationLogger(config: LoggerConfig, deps: LoggerDeps = {}): ConversationLogger {
  // `'indexedDB' in deps` must not see a page's `Object.prototype.indexedDB`.
  deps = bare(deps ?? {});
  // Options refused on their own (cookieDomain): reported once the host has its logger, in the start task.
  const refused: SupportCopilotError[] = [];
  let cfg: ResolvedLoggerConfig = resolveLoggerConfig(config, true, (e) => refused.push(e));
  const wall = deps.now ?? Date.now;
  // Dates we stamp never go back, even when the wall clock does: messages keep the order they were written in.
  let lastStamp = 0;
  const now = () => (lastStamp = Math.max(lastStamp, wall()));
  const clock = deps.clock ?? (typeof performance === 'undefined' ? wall : () => performance.now());
  const random = deps.random ?? Math.random;
  const newId = () => uuidv7(now);
  const listeners = new Set<(e: LoggerEvent) => void>();
  let destroyed = false;
  // Set as soon as storage is open (before the start-up run), for stats() and new input.
  let live: Delivery | undefined;

  const emit = (e: LoggerEvent) => {
    safeCall(cfg.onEvent, e);
    for (const l of listeners) safeCall(l, e);
  };
  const report = (e: SupportCopilotError) => safeCall(cfg.onError, e);
  /** An option refused at the door (its default used): said in the console too, where integrators look first. */
  const refuse = (e: SupportCopilotError) => {
    console.error('[SupportCopilot]', e.message);
    report(e);
  };
  const sendingAllowed = () => !destroyed && !visitor.consent().optOutAllAnalytics;

  const visitor = createVisitorIdentity(
    createIdentityStore({
      cookieName: cfg.cookieName,
      ...(cfg.cookieDomain ? { cookieDomain: cfg.cookieDomain } : {}),
      newId,
      doc: 'document' in deps ? deps.document : typeof document === 'undefined' ? undefined : document,
      ...(deps.sessionStorage ? { session: deps.sessionStorage } : {}),
    }),
    cfg,
    () => cfg.supportAgent,
  );
  const identity = () => visitor.snapshot();

  const started: Promise<Delivery> = new Promise<void>((r) => setTimeout(r)).then(() => {
    for (const e of refused.splice(0)) refuse(e);
    return startDelivery(
      { cfg: () => cfg, now: wall, clock, random, emit, report, enabled: sendingAllowed, destroyed: () => destroyed },
      {
        fetch: deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a)),
        indexedDB: () => ('indexedDB' in deps ? deps.indexedDB : browser('indexedDB')),
        locks: () => {
          if ('locks' in deps) return deps.locks;
          try {
            return typeof navigator === 'undefined' ? undefined : navigator.locks;
          } catch {
            return undefined;
          }
        },
        BroadcastChannel: 'BroadcastChannel' in deps ? deps.BroadcastChannel : browser('BroadcastChannel'),
        window: 'window' in deps ? deps.window : typeof window === 'undefined' ? undefined : window,
      },
      (d) => void (live = d),
    );
  });

  // Handled here too: a logger nobody calls must not leave an unhandled rejection in the page (callers still see it).
  started.catch(() => {});

  /** Work for once delivery has started, from code the host called: a failure is reported, never thrown into the page. */
  const whenStarted = (fn: (d: Delivery) => unknown) =>
    void started.then(fn).catch((e: unknown) => report(asSupportCopilotError(e, 'unexpected', 'Delivery could not start')));

  /** The Outbox once open; refuses work after destroy(). */
  const ready = async () => {
    const s = await started;
    if (destroyed) throw new SupportCopilotError('destroyed', 'This logger was destroyed: create a new one');
    return s;
  };

  const logger: ConversationLogger = {
    conversation(options: ConversationOptions = {}): ConversationHandle {
      // Own properties only: a page's `Object.prototype.id` is not this conversation's id.
      const { id: given, ...rest } = ownCopy(options ?? {});
      if (given !== undefined && (typeof given !== 'string' || given.length === 0 || given.length > 255)) {
        throw invalidInput('conversation', [{ path: 'id', message: 'expected a non-empty string of at most 255 characters' }]);
      }
      // Conversation fields are checked at the door too: a bad one would fail every request later.
      // What is kept (and sent) is the parsed copy, never the host's object: only the fields the schema knows, as checked.
      const checkFields = (f: Omit<ConversationOptions, 'id'>) => {
        const { type: _t, messages: _m, id: _i, ...parsed } = parseOrThrow(conversationSchema, { ...f, type: 'support_copilot', messages: [] }, 'conversation');
        return parsed as Omit<ConversationOptions, 'id'>;
      };
      let fields = checkFields(rest);
      const id = given ?? newId();
      // Once this handle has seen stored history, an empty store means it was evicted (by another
      // tab): starting over would send a partial list that replaces the server's whole one.
      let hadHistory = false;
      /** Returns the fields `next` named, as parsed. */
      const setFields = (next: Omit<ConversationOptions, 'id'>) => {
        fields = checkFields({ ...fields, ...ownCopy(next) });
        return Object.fromEntries(Object.keys(next ?? {}).map((k) => [k, fields[k as keyof typeof fields]]));
      };
      whenStarted(({ outbox }) => outbox.hold(recordKey('conversation', id)));
      return {
        id,
        async append(input) {
          const own = ownCopy(input);
          const message: Message = toMessage(own, newId, now());
          // Dates we stamped are kept after the conversation's last one (a clock moved back); the host's own are kept as given.
          const keepOrder = own.createdAt === undefined;
          const { userProperties } = identity();
          if (message.role === 'user' && message.userProperties == null) message.userProperties = userProperties;
          if (visitor.consent().optOutAllAnalytics) return message;
          const convFields = clean({ projectId: cfg.projectId, integrationId: cfg.integrationId, userProperties, ...fields });
          const { outbox } = await ready();
          await outbox.append(id, convFields, message, hadHistory, keepOrder);
          hadHistory = true;
          return message;
        },
        async messages() {
          const { outbox } = await started;
          const messages = await outbox.messages(id);
          hadHistory ||= messages.length > 0;
          return messages;
        },
        set: (next) => void setFields(next),
        async update(next) {
          const parsed = setFields(next);
          if (visitor.consent().optOutAllAnalytics) return;
          await (await ready()).outbox.updateFields(id, clean(parsed));
        },
      };
    },

    async feedback(input) {
      input = ownCopy(input);
      const id = input?.id ?? newId();
      const body = parseOrThrow(feedbackSchema, { ...input, id, createdAt: new Date(now()).toISOString(), userProperties: identity().userProperties }, 'feedback');
      if (visitor.consent().optOutAllAnalytics) return;
      await (await ready()).outbox.upsert('feedback', id, body);
    },

    async event(input) {
      input = ownCopy(input);
      const id = input?.id ?? newId();
      const body = parseOrThrow(
        eventSchema,
        { ...input, id, createdAt: new Date(now()).toISOString(), projectId: cfg.projectId, integrationId: cfg.integrationId, userProperties: identity().userProperties },
        'event',
      );
      if (visitor.consent().optOutAllAnalytics) return;
      await (await ready()).outbox.upsert('event', id, body);
    },

    async flush() {
      const { outbox, flusher } = await started;
      await outbox.idle();
      if (!sendingAllowed()) return;
      const results = await flusher.run({ force: true, wait: true });
      // Blocked data is skipped by the run but is still undelivered: say so every time.
      for (const r of outbox.known()) {
        const key = recordKey(r.kind, r.id);
        if (r.state === 'blocked' && !results.has(key)) results.set(key, { outcome: 'blocked', error: r.lastError ?? 'blocked' });
      }
      const failed = [...results].filter(([, r]) => r.outcome !== 'delivered' && r.outcome !== 'idle');
      if (failed.length > 0) {
        const [key, r] = failed[0]!;
        throw new SupportCopilotError(
          r.outcome === 'blocked' ? 'unauthorized' : r.outcome === 'rejected' ? 'rejected' : 'delivery_failed',
          `${failed.length} of ${results.size} document(s) not delivered yet; ${key}: ${r.error ?? r.outcome}${r.outcome === 'retry' || r.outcome === 'paused' ? ' (will retry)' : ''}`,
          { key },
        );
      }
    },

    stats(): OutboxStats {
      const counts = live?.outbox.stats() ?? { pending: 0, delivered: 0, rejected: 0, blocked: 0, settling: 0, storage: 'indexeddb' as const };
      return { ...counts, inFlight: live?.flusher.inFlight() ?? 0, locks: live?.tabs.mode() ?? 'web-locks' };
    },

    ready: () => started.then(() => void identity()),

    identify: (user) => visitor.identify(user),

    setConsent(next) {
      visitor.setConsent(next);
      if (sendingAllowed()) whenStarted(({ flusher }) => flusher.schedule(0));
    },

    consent: () => visitor.consent(),

    reset: () => visitor.reset(),

    identity,

    update(partial) {
      // Own properties only: `'user' in partial` would see a page's `Object.prototype.user`.
      partial = ownCopy(partial ?? {});
      const next = resolveLoggerConfig({ ...cfg, ...partial }, false, refuse);
      if ('user' in partial) visitor.identify(next.user ?? null);
      if ('privacyPreferences' in partial) logger.setConsent(next.privacyPreferences);
      cfg = next;
      // Any key or URL given (even the same one) means "the configuration is fixed now": try again.
      if ('apiKey' in partial || 'analyticsUrl' in partial) {
        whenStarted(async ({ outbox, flusher }) => {
          flusher.resume();
          await outbox.unblock();
          flusher.schedule(0);
        });
      }
    },

    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    // Around the chat (issue 13): the visitor's history.
    conversations: async () => visitorConversations(await (await started).outbox.conversations(), identity().userProperties.id),
    forgetConversation: async (id) => (await started).outbox.forget(id),

    destroy() {
      if (destroyed) return;
      destroyed = true;
      visitor.stop();
      listeners.clear();
      void started.then((d) => d.stop(), () => {});
    },
  };

  return logger;
}
