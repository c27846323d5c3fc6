/**
 * Composition root of the headless core: identity + outbox store + flusher + page lifecycle.
 * Every browser API is injectable (tests) and every host callback is isolated, so nothing here
 * can throw into the host page's own code paths.
 */
import { resolveLoggerConfig, privacySchema, userSchema, type ResolvedLoggerConfig } from './core/config.ts';
import { uuidv7 } from './core/ids.ts';
import { identificationType, userProperties } from './core/identity-rules.ts';
import { toMessage } from './core/message-input.ts';
import { appendMessage, bodyBytes, markAcked, recordKey, TooLargeError, upsertDocument, unblock } from './core/outbox-record.ts';
import { recordSchema } from './core/record-schema.ts';
import { conversationSchema, eventSchema, feedbackSchema, type Message } from './core/schema.ts';
import { loggerError } from './core/logger-error.ts';
import { parseOrThrow, ValidationError } from './core/validation-error.ts';
import type {
  ConversationHandle, ConversationLogger, ConversationOptions, IdentitySnapshot, LoggerConfig, LoggerEvent, OutboxRecord,
  OutboxStats, PrivacyPreferences, RecordKind, SupportCopilotError, UserIdentity,
} from './core/types.ts';
import { openIdbStore } from './storage/idb-store.ts';
import { createMemoryStore } from './storage/memory-store.ts';
import { createIdentityStore } from './storage/identity-store.ts';
import { createWriteQueue, type WriteQueue } from './storage/write-queue.ts';
import { createFlusher, type Flusher } from './transport/flusher.ts';
import { httpSend } from './transport/http-send.ts';
import { watchPageLifecycle } from './transport/page-lifecycle.ts';
import { createTabSync } from './transport/tab-sync.ts';
import { sendOnPageHide } from './transport/unload.ts';

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

const PATHS: Record<RecordKind, string> = { conversation: '/conversations', feedback: '/feedback', event: '/events' };

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

export function createConversationLogger(config: LoggerConfig, deps: LoggerDeps = {}): ConversationLogger {
  let cfg: ResolvedLoggerConfig = resolveLoggerConfig(config);
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const fetchImpl = deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const newId = () => uuidv7(now);
  const listeners = new Set<(e: LoggerEvent) => void>();
  const known = new Map<string, OutboxRecord>();
  let storageKind: 'indexeddb' | 'memory' = 'indexeddb';
  let inFlightCount = () => 0;
  const seenRev = new Map<string, number>();
  const sendingElsewhere = new Map<string, number>();
  const open = new Set<string>();
  let destroyed = false;

  const emit = (e: LoggerEvent) => {
    safeCall(cfg.onEvent, e);
    for (const l of listeners) safeCall(l, e);
  };
  const report = (e: SupportCopilotError) => safeCall(cfg.onError, e);

  // Identity.
  let user: UserIdentity | undefined = cfg.user;
  let prefs: PrivacyPreferences = cfg.privacyPreferences;
  const cookiesAllowed = () => !prefs.optOutAnalyticalCookies && !prefs.optOutAllAnalytics;
  const ids = createIdentityStore({
    cookieName: cfg.cookieName,
    ...(cfg.cookieDomain ? { cookieDomain: cfg.cookieDomain } : {}),
    newId,
    doc: 'document' in deps ? deps.document : typeof document === 'undefined' ? undefined : document,
    ...(deps.sessionStorage ? { session: deps.sessionStorage } : {}),
  });
  // document.cookie is synchronous and slow on a busy page: read and write it in a later task, so
  // the host page (and the launcher) paint first; any earlier use reads it on demand.
  let anonymousId: string | undefined;
  const anon = () => (anonymousId ??= ids.anonymousId(cookiesAllowed()));
  const identityTimer = setTimeout(anon);
  const identity = (): IdentitySnapshot => {
    const props = userProperties(user, anon(), prefs, cfg.supportAgent);
    return { id: props.id as string | number, identificationType: identificationType(user, prefs), userProperties: props };
  };

  const track = (key: string, r: OutboxRecord | undefined) => (r ? known.set(key, r) : known.delete(key));

  // Storage, then delivery.
  const tabs = createTabSync('support-copilot:v1', {
    ...('locks' in deps ? { locks: deps.locks } : {}),
    ...('BroadcastChannel' in deps ? { Channel: deps.BroadcastChannel } : {}),
  });
  let detachLifecycle = () => {};
  let lastForcedOnline = 0;
  const post = (kind: RecordKind, body: string, keepalive: boolean) =>
    httpSend(cfg.analyticsUrl + PATHS[kind], cfg.apiKey, body, { keepalive, timeoutMs: cfg.requestTimeoutMs, fetchImpl });
  const started: Promise<{ queue: WriteQueue; flusher: Flusher }> = (async () => {
    let queue: WriteQueue;
    try {
      queue = createWriteQueue(await openIdbStore(cfg.storageTimeoutMs, 'indexedDB' in deps ? deps.indexedDB : globalThis.indexedDB));
    } catch (e) {
      queue = createWriteQueue(createMemoryStore());
      report(loggerError('storage_unavailable', `IndexedDB unavailable (${(e as Error)?.message ?? e}): messages are kept in memory, for this page only`, { cause: e }));
    }
    emit({ type: 'storage', storage: queue.store.kind });
    storageKind = queue.store.kind;
    const flusher = createFlusher({
      queue,
      tabs,
      now,
      random,
      flushDelayMs: cfg.flushDelayMs,
      known,
      enabled: () => !destroyed && !prefs.optOutAllAnalytics,
      send: post,
      emit(e) {
        if (e.type === 'blocked') report(loggerError('unauthorized', `Analytics API refused the key (HTTP ${e.status}): delivery paused until the configuration changes`, e));
        if (e.type === 'rejected') report(loggerError('rejected', `Analytics API rejected ${e.key} (${known.get(e.key)?.lastError}): kept, not retried`, e));
        if (e.type === 'quarantined') report(loggerError('quarantined', `Stored record ${e.key} failed validation, quarantined: ${e.reason}`, e));
        emit(e);
      },
    });
    if (destroyed) {
      // destroy() ran while storage was opening: attach nothing, leave nothing behind.
      flusher.stop();
      queue.store.close();
      return { queue, flusher };
    }
    tabs.onMessage((m) => {
      if (m.t === 'sending') {
        if (m.sending) sendingElsewhere.set(m.key, now());
        else sendingElsewhere.delete(m.key);
      }
      if (m.t !== 'changed') return;
      seenRev.set(m.key, Math.max(seenRev.get(m.key) ?? 0, m.rev));
      flusher.schedule();
    });
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
        pagehide: () => {
          if (destroyed || prefs.optOutAllAnalytics || flusher.blocked || flusher.pausedUntil > now()) return;
          sendOnPageHide(
            known.values(),
            (r) => {
              const key = recordKey(r.kind, r.id);
              // In flight here or in another tab (which holds its lock): an unlocked request could
              // overtake that older one at the server and then be overwritten by it.
              const elsewhere = sendingElsewhere.get(key);
              return flusher.inFlight.has(key) || (elsewhere !== undefined && now() - elsewhere < cfg.requestTimeoutMs);
            },
            (key) => seenRev.get(key) ?? 0,
            (r, body) => {
              const key = recordKey(r.kind, r.id);
              void post(r.kind, body, true).then((res) => {
                // Only reached if the page survives (back/forward cache): record the acknowledgement.
                if (typeof res.status === 'number' && res.status >= 200 && res.status < 300) {
                  void queue.write(key, (old) => (old === undefined ? undefined : markAcked(old as OutboxRecord, r.rev, now()))).then((a) => track(key, a), () => {});
                }
              });
            },
            now(),
          );
        },
      },
      'window' in deps ? deps.window : typeof window === 'undefined' ? undefined : window,
    );
    await flusher.run({ retryBlocked: true }).catch(() => {});
    // Retention: delivered conversations untouched for retentionMs go.
    const cutoff = now() - cfg.retentionMs;
    void evict(queue, '', (r) => r.touchedAt < cutoff);
    return { queue, flusher };
  })();

  /**
   * Deletes delivered documents that `want`, oldest first; never pending ones, nor those open in
   * this tab (they must stay whole: their next request carries every message).
   */
  async function evict(queue: WriteQueue, keep: string, want: (r: OutboxRecord, freed: number) => boolean): Promise<void> {
    const candidates = [...known].filter(([k, r]) => r.state === 'delivered' && k !== keep && !open.has(k)).sort((a, b) => a[1].touchedAt - b[1].touchedAt);
    let freed = 0;
    const victims = candidates.filter(([, r]) => want(r, freed) && (freed += bodyBytes(r)) >= 0);
    // All at once, so the write queue makes them one transaction; each is checked again inside it,
    // since another tab may have appended meanwhile.
    await Promise.all(
      victims.map(([k]) =>
        queue.write(k, (old) => ((old as OutboxRecord | undefined)?.state === 'delivered' ? undefined : old)).then((v) => track(k, v as OutboxRecord | undefined), () => {}),
      ),
    );
  }

  // What this tab knows is stored (all of it after the start-up run); sizes are cached per record.
  const stored = () => {
    let sum = 0;
    for (const r of known.values()) sum += bodyBytes(r);
    return sum;
  };
  let making: Promise<unknown> | null = null;

  /** Makes room under maxStoredBytes by evicting delivered documents; refuses the input when only pending data is left. */
  async function makeRoom(queue: WriteQueue, key: string, incoming: number): Promise<void> {
    const total = stored() + incoming;
    await evict(queue, key, (_, freed) => total - freed > cfg.maxStoredBytes);
    if (stored() + incoming > cfg.maxStoredBytes) throw loggerError('storage_full', `Outbox full (maxStoredBytes ${cfg.maxStoredBytes}) of undelivered data: message not stored`, { key });
  }

  async function write(key: string, fn: (old: OutboxRecord | undefined) => OutboxRecord, incoming: number): Promise<OutboxRecord> {
    const { queue, flusher } = await started;
    if (destroyed) throw loggerError('invalid_input', 'This logger was destroyed');
    // Writes queue behind an eviction in progress, so appends keep their order.
    if (making || stored() + incoming > cfg.maxStoredBytes) {
      const mine = (making ?? Promise.resolve()).then(() => makeRoom(queue, key, incoming));
      const settled = (making = mine.catch(() => {}));
      void settled.then(() => making === settled && (making = null));
      await mine.catch((e: SupportCopilotError) => {
        report(e);
        throw e;
      });
    }
    const attempt = () =>
      queue.write(key, (old) => {
        if (old !== undefined && !recordSchema.safeParse(old).success) throw new CorruptRecord();
        return fn(old as OutboxRecord | undefined);
      });
    let r: OutboxRecord;
    try {
      r = await attempt().catch(async (e: unknown) => {
        if (!(e instanceof CorruptRecord)) throw e;
        // Damaged data is moved aside, never mixed with new input nor dropped.
        const raw = await queue.store.get(key);
        await queue.store.quarantine(key, raw, 'failed validation before a write');
        emit({ type: 'quarantined', key, reason: 'failed validation before a write' });
        // A conversation cannot go on without its earlier messages: its next request would
        // replace the server's full list with a partial one. Feedback and events are whole documents.
        if (key.startsWith('conversation:')) throw loggerError('quarantined', `Stored ${key} failed validation and was quarantined: start a new conversation`, { key });
        return attempt();
      });
    } catch (e) {
      const err =
        e instanceof TooLargeError
          ? loggerError('conversation_too_large', e.message, { key, cause: e })
          : (e as DOMException)?.name === 'QuotaExceededError'
            ? loggerError('storage_full', 'The browser refused to store more data (quota exceeded): message not stored', { key, cause: e })
            : // Ours have string codes; a DOMException's `code` is a number.
              typeof (e as SupportCopilotError)?.code === 'string'
              ? (e as SupportCopilotError)
              : loggerError('storage_unavailable', `Could not store the message: ${(e as Error)?.message ?? e}`, { key, cause: e });
      report(err);
      throw err;
    }
    track(key, r);
    emit({ type: 'stored', key, rev: r.rev });
    tabs.post({ t: 'changed', key, rev: r.rev });
    flusher.schedule();
    return r;
  }

  const clean = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

  const logger: ConversationLogger = {
    conversation(options: ConversationOptions = {}): ConversationHandle {
      const { id: given, ...rest } = options;
      if (given !== undefined && (typeof given !== 'string' || given.length === 0 || given.length > 255)) {
        throw new ValidationError('conversation', [{ path: 'id', message: 'expected a non-empty string of at most 255 characters' }]);
      }
      // Conversation fields are checked at the door too: a bad one would fail every request later.
      const checkFields = (f: Omit<ConversationOptions, 'id'>) => parseOrThrow(conversationSchema, { ...f, type: 'support_copilot', messages: [] }, 'conversation');
      checkFields(rest);
      const id = given ?? newId();
      const key = recordKey('conversation', id);
      let fields: Omit<ConversationOptions, 'id'> = rest;
      // Once this handle has seen stored history, an empty store means it was evicted (by another
      // tab): starting over would send a partial list that replaces the server's whole one.
      let hadHistory = false;
      open.add(key);
      return {
        id,
        async append(input) {
          const message: Message = toMessage(input, newId, now());
          if (message.role === 'user' && message.userProperties == null) message.userProperties = identity().userProperties;
          if (prefs.optOutAllAnalytics) return message;
          const convFields = clean({ projectId: cfg.projectId, integrationId: cfg.integrationId, userProperties: identity().userProperties, ...fields });
          await write(
            key,
            (old) => {
              if (old === undefined && hadHistory) throw loggerError('conversation_gone', `The stored history of ${key} is gone (evicted by another tab): start a new conversation`, { key });
              return appendMessage(old, id, convFields, message, now());
            },
            JSON.stringify(message).length,
          );
          hadHistory = true;
          return message;
        },
        async messages() {
          const { queue } = await started;
          const raw = (await queue.store.get(key)) as OutboxRecord | undefined;
          const messages = recordSchema.safeParse(raw).success ? (raw!.messages ?? []) : [];
          hadHistory ||= messages.length > 0;
          return messages;
        },
        set(next) {
          checkFields({ ...fields, ...next });
          fields = { ...fields, ...next };
        },
      };
    },

    async feedback(input) {
      const id = input?.id ?? newId();
      const body = parseOrThrow(
        feedbackSchema,
        { ...input, id, createdAt: new Date(now()).toISOString(), userProperties: identity().userProperties },
        'feedback',
      );
      if (prefs.optOutAllAnalytics) return;
      await write(recordKey('feedback', id), (old) => upsertDocument(old, 'feedback', id, body, now()), JSON.stringify(body).length);
    },

    async event(input) {
      const id = input?.id ?? newId();
      const body = parseOrThrow(
        eventSchema,
        { ...input, id, createdAt: new Date(now()).toISOString(), projectId: cfg.projectId, integrationId: cfg.integrationId, userProperties: identity().userProperties },
        'event',
      );
      if (prefs.optOutAllAnalytics) return;
      await write(recordKey('event', id), (old) => upsertDocument(old, 'event', id, body, now()), JSON.stringify(body).length);
    },

    async flush() {
      const { queue, flusher } = await started;
      await queue.idle();
      if (prefs.optOutAllAnalytics || destroyed) return;
      const results = await flusher.run({ force: true, wait: true });
      // Blocked data is skipped by the run but is still undelivered: say so every time.
      for (const [key, r] of known) if (r.state === 'blocked' && !results.has(key)) results.set(key, { outcome: 'blocked', error: r.lastError ?? 'blocked' });
      const failed = [...results].filter(([, r]) => r.outcome !== 'delivered' && r.outcome !== 'idle');
      if (failed.length > 0) {
        const [key, r] = failed[0]!;
        throw loggerError(
          r.outcome === 'blocked' ? 'unauthorized' : r.outcome === 'rejected' ? 'rejected' : 'delivery_failed',
          `${failed.length} of ${results.size} document(s) not delivered yet; ${key}: ${r.error ?? r.outcome}${r.outcome === 'retry' || r.outcome === 'paused' ? ' (will retry)' : ''}`,
          { key },
        );
      }
    },

    stats(): OutboxStats {
      const s: OutboxStats = { pending: 0, inFlight: 0, delivered: 0, rejected: 0, blocked: 0, storage: 'indexeddb' };
      for (const r of known.values()) {
        if (r.state === 'rejected') s.rejected++;
        else if (r.state === 'blocked') s.blocked++;
        else if (r.rev > r.ackedRev) s.pending++;
        else s.delivered++;
      }
      s.inFlight = inFlightCount();
      s.storage = storageKind;
      return s;
    },

    ready: () => started.then(() => void anon()),

    identify(next) {
      user = next === null ? undefined : (parseOrThrow(userSchema, next, 'user') as UserIdentity);
    },

    setConsent(next) {
      const parsed = parseOrThrow(privacySchema, next, 'privacyPreferences');
      prefs = { ...prefs, ...parsed };
      anonymousId = ids.anonymousId(cookiesAllowed());
      if (!prefs.optOutAllAnalytics) void started.then(({ flusher }) => flusher.schedule(0));
    },

    reset() {
      user = undefined;
      anonymousId = ids.reset(cookiesAllowed());
    },

    identity,

    update(partial) {
      const before = cfg;
      cfg = resolveLoggerConfig({ ...before, ...partial }, false);
      user = 'user' in partial ? cfg.user : user;
      if ('privacyPreferences' in partial) logger.setConsent(cfg.privacyPreferences);
      // Any key or URL given (even the same one) means "the configuration is fixed now": try again.
      if ('apiKey' in partial || 'analyticsUrl' in partial) {
        void started.then(async ({ queue, flusher }) => {
          flusher.blocked = false;
          for (const [key, r] of known) {
            if (r.state === 'blocked') await queue.write(key, (old) => (old ? unblock(old as OutboxRecord) : old)).then((v) => track(key, v as OutboxRecord), () => {});
          }
          flusher.schedule(0);
        });
      }
    },

    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(identityTimer);
      detachLifecycle();
      tabs.close();
      listeners.clear();
      void started.then(async ({ queue, flusher }) => {
        flusher.stop();
        await queue.idle();
        queue.store.close();
      });
    },
  };

  void started.then(({ flusher }) => (inFlightCount = () => flusher.inFlight.size), () => {});
  return logger;
}

class CorruptRecord extends Error {}
