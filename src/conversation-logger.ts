/**
 * Composition root of the headless core: wires identity, the Outbox, the flusher, tab sync and the
 * page lifecycle, and exposes the public API. Every browser API is injectable (tests) and every
 * host callback is isolated, so nothing here can throw into the host page's own code paths.
 */
import { resolveLoggerConfig, type ResolvedLoggerConfig } from './core/config.ts';
import { uuidv7 } from './core/ids.ts';
import { toMessage } from './core/message-input.ts';
import { recordKey } from './core/outbox-record.ts';
import { parseOrThrow } from './core/parse-or-throw.ts';
import { conversationSchema, eventSchema, feedbackSchema, type Message } from './core/schema.ts';
import { TAB_CHANNEL } from './core/storage-names.ts';
import { visitorConversations } from './core/visitor-conversations.ts';
import { invalidInput, SupportCopilotError } from './core/support-copilot-error.ts';
import type { ConversationHandle, ConversationLogger, ConversationOptions, LoggerConfig, LoggerEvent, OutboxStats } from './core/public-types.ts';
import { openIdbStore } from './storage/idb-store.ts';
import { createIdentityStore } from './storage/identity-store.ts';
import { createMemoryStore } from './storage/memory-store.ts';
import { createOutbox, type Outbox } from './storage/outbox.ts';
import { createVisitorIdentity } from './storage/visitor-identity.ts';
import { createWriteQueue } from './storage/write-queue.ts';
import { createFlusher, type Flusher } from './transport/flusher.ts';
import { httpSend } from './transport/http-send.ts';
import { watchPageLifecycle } from './transport/page-lifecycle.ts';
import { createTabSync } from './transport/tab-sync.ts';
import { createUnloadSender } from './transport/unload.ts';

/** Injectable I/O; defaults are the browser's own. */
export interface LoggerDeps {
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  indexedDB?: IDBFactory;
  document?: Document;
  sessionStorage?: () => Storage | undefined;
  window?: Window;
  locks?: LockManager;
  BroadcastChannel?: typeof BroadcastChannel;
}

const PATHS = { conversation: '/conversations', feedback: '/feedback', event: '/events' } as const;

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

export function createConversationLogger(config: LoggerConfig, deps: LoggerDeps = {}): ConversationLogger {
  let cfg: ResolvedLoggerConfig = resolveLoggerConfig(config);
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const fetchImpl = deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const newId = () => uuidv7(now);
  const listeners = new Set<(e: LoggerEvent) => void>();
  let destroyed = false;
  // Set as soon as storage is open (before the start-up run), for stats() and new input.
  let live: { outbox: Outbox; flusher: Flusher } | undefined;

  const emit = (e: LoggerEvent) => {
    safeCall(cfg.onEvent, e);
    for (const l of listeners) safeCall(l, e);
  };
  const report = (e: SupportCopilotError) => safeCall(cfg.onError, e);
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

  const tabs = createTabSync(TAB_CHANNEL, {
    ...('locks' in deps ? { locks: deps.locks } : {}),
    ...('BroadcastChannel' in deps ? { Channel: deps.BroadcastChannel } : {}),
  });
  let detachLifecycle = () => {};
  let lastForcedOnline = 0;
  const send = (kind: keyof typeof PATHS, body: string, keepalive: boolean) =>
    httpSend(cfg.analyticsUrl + PATHS[kind], cfg.apiKey, body, { keepalive, timeoutMs: cfg.requestTimeoutMs, fetchImpl });

  const started: Promise<{ outbox: Outbox; flusher: Flusher }> = (async () => {
    let store;
    try {
      store = await openIdbStore(cfg.storageTimeoutMs, 'indexedDB' in deps ? deps.indexedDB : globalThis.indexedDB);
    } catch (e) {
      store = createMemoryStore();
      report(new SupportCopilotError('storage_unavailable', `IndexedDB unavailable (${(e as Error)?.message ?? e}): messages are kept in memory, for this page only`, { cause: e }));
    }
    emit({ type: 'storage', storage: store.kind });
    const outbox = createOutbox({
      queue: createWriteQueue(store),
      now,
      maxStoredBytes: () => cfg.maxStoredBytes,
      emit,
      report,
      changed(key, rev) {
        tabs.post({ t: 'changed', key, rev });
        live?.flusher.schedule();
      },
    });
    const flusher = createFlusher({ outbox, send, tabs, now, random, flushDelayMs: cfg.flushDelayMs, enabled: sendingAllowed, emit, report });
    live = { outbox, flusher };
    if (destroyed) {
      // destroy() ran while storage was opening: attach nothing, leave nothing behind.
      flusher.stop();
      outbox.close();
      return { outbox, flusher };
    }
    tabs.onMessage((m) => m.t === 'changed' && flusher.schedule());
    const pagehide = createUnloadSender({ outbox, flusher, tabs, send, now, requestTimeoutMs: cfg.requestTimeoutMs, enabled: sendingAllowed });
    detachLifecycle = watchPageLifecycle(
      {
        // Back online: the outage is over, so documents waiting out a backoff go now too; at most
        // once per 5 s, so a flapping connection cannot turn `online` into a request storm.
        online() {
          const force = now() - lastForcedOnline > 5_000;
          if (force) lastForcedOnline = now();
          flusher.schedule(0, force);
        },
        visible: () => flusher.schedule(0),
        hidden: () => void flusher.run({ keepalive: true }).catch(() => {}),
        pagehide: () => void pagehide(),
      },
      'window' in deps ? deps.window : typeof window === 'undefined' ? undefined : window,
    );
    await flusher.run({ retryBlocked: true }).catch(() => {});
    // Retention: delivered conversations untouched for retentionMs go.
    void outbox.evictExpired(now() - cfg.retentionMs);
    return { outbox, flusher };
  })();

  /** The Outbox once open; refuses work after destroy(). */
  const ready = async () => {
    const s = await started;
    if (destroyed) throw new SupportCopilotError('destroyed', 'This logger was destroyed: create a new one');
    return s;
  };

  const logger: ConversationLogger = {
    conversation(options: ConversationOptions = {}): ConversationHandle {
      const { id: given, ...rest } = options;
      if (given !== undefined && (typeof given !== 'string' || given.length === 0 || given.length > 255)) {
        throw invalidInput('conversation', [{ path: 'id', message: 'expected a non-empty string of at most 255 characters' }]);
      }
      // Conversation fields are checked at the door too: a bad one would fail every request later.
      const checkFields = (f: Omit<ConversationOptions, 'id'>) => parseOrThrow(conversationSchema, { ...f, type: 'support_copilot', messages: [] }, 'conversation');
      checkFields(rest);
      const id = given ?? newId();
      let fields: Omit<ConversationOptions, 'id'> = rest;
      // Once this handle has seen stored history, an empty store means it was evicted (by another
      // tab): starting over would send a partial list that replaces the server's whole one.
      let hadHistory = false;
      const setFields = (next: Omit<ConversationOptions, 'id'>) => {
        checkFields({ ...fields, ...next });
        fields = { ...fields, ...next };
      };
      void started.then(({ outbox }) => outbox.hold(recordKey('conversation', id)));
      return {
        id,
        async append(input) {
          const message: Message = toMessage(input, newId, now());
          if (message.role === 'user' && message.userProperties == null) message.userProperties = identity().userProperties;
          if (visitor.consent().optOutAllAnalytics) return message;
          const convFields = clean({ projectId: cfg.projectId, integrationId: cfg.integrationId, userProperties: identity().userProperties, ...fields });
          const { outbox } = await ready();
          await outbox.append(id, convFields, message, hadHistory);
          hadHistory = true;
          return message;
        },
        async messages() {
          const { outbox } = await started;
          const messages = await outbox.messages(id);
          hadHistory ||= messages.length > 0;
          return messages;
        },
        set: (next) => setFields(next),
        async update(next) {
          setFields(next);
          if (visitor.consent().optOutAllAnalytics) return;
          await (await ready()).outbox.updateFields(id, clean(next));
        },
      };
    },

    async feedback(input) {
      const id = input?.id ?? newId();
      const body = parseOrThrow(feedbackSchema, { ...input, id, createdAt: new Date(now()).toISOString(), userProperties: identity().userProperties }, 'feedback');
      if (visitor.consent().optOutAllAnalytics) return;
      await (await ready()).outbox.upsert('feedback', id, body);
    },

    async event(input) {
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
      const counts = live?.outbox.stats() ?? { pending: 0, delivered: 0, rejected: 0, blocked: 0, storage: 'indexeddb' as const };
      return { ...counts, inFlight: live?.flusher.inFlight() ?? 0 };
    },

    ready: () => started.then(() => void identity()),

    identify: (user) => visitor.identify(user),

    setConsent(next) {
      visitor.setConsent(next);
      if (sendingAllowed()) void started.then(({ flusher }) => flusher.schedule(0));
    },

    consent: () => visitor.consent(),

    reset: () => visitor.reset(),

    identity,

    update(partial) {
      const next = resolveLoggerConfig({ ...cfg, ...partial }, false);
      if ('user' in partial) visitor.identify(next.user ?? null);
      if ('privacyPreferences' in partial) logger.setConsent(next.privacyPreferences);
      cfg = next;
      // Any key or URL given (even the same one) means "the configuration is fixed now": try again.
      if ('apiKey' in partial || 'analyticsUrl' in partial) {
        void started.then(async ({ outbox, flusher }) => {
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
      detachLifecycle();
      tabs.close();
      listeners.clear();
      void started.then(async ({ outbox, flusher }) => {
        flusher.stop();
        await outbox.idle();
        outbox.close();
      });
    },
  };

  return logger;
}
