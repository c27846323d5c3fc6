/**
 * Composition root of the headless core: wires the shared context (logger-context.ts: config,
 * identity, the delivery engine started in a later task) and exposes the public API. Every browser
 * API is injectable (tests) and every host callback is isolated, so nothing here can throw into the
 * host page's own code paths.
 */
import { resolveLoggerConfig } from '../core/config.ts';
import { ownCopy } from '../core/own-copy.ts';
import { parseOrThrow } from '../core/parse-or-throw.ts';
import { assertRealm } from '../core/realm-check.ts';
import { eventSchema, feedbackSchema, SCHEMAS_LATER, schemasReady } from '../core/schema.ts';
import { visitorConversations } from '../core/visitor-conversations.ts';
import type { ConversationLogger, LoggerConfig, OutboxStats } from '../core/public-types.ts';
import { createConversationHandle } from './conversation-handle.ts';
import { flushAll } from './flush-all.ts';
import { createLoggerContext, type LoggerContext } from './logger-context.ts';
import { ownDeps, type LoggerDeps } from './logger-deps.ts';

export type { LoggerDeps };

/** Stamps, checks and stores a feedback or event document (an upsert by id, like a conversation). */
async function upsertDocument(ctx: LoggerContext, kind: 'feedback' | 'event', input: { id?: string | undefined } | undefined): Promise<void> {
  const own = ownCopy(input ?? {});
  const id = own.id ?? ctx.newId();
  const stamped = { ...own, id, createdAt: new Date(ctx.now()).toISOString(), userProperties: ctx.identity().userProperties };
  const cfg = ctx.cfg();
  const opted = ctx.optedOut();
  // Stamped as of the call; checked once the script tag's work chunk is here (fetched by the first document, core/schema.ts).
  if (SCHEMAS_LATER) await schemasReady();
  const body =
    kind === 'feedback'
      ? parseOrThrow(feedbackSchema, stamped, 'feedback')
      : parseOrThrow(eventSchema, { ...stamped, projectId: cfg.projectId, integrationId: cfg.integrationId }, 'event');
  if (opted) return;
  await (await ctx.ready()).outbox.upsert(kind, id, body);
}

export function createConversationLogger(config: LoggerConfig, deps: LoggerDeps = {}): ConversationLogger {
  assertRealm();
  const ctx = createLoggerContext(config, ownDeps(deps));
  const { visitor, identity } = ctx;
  const logger: ConversationLogger = {
    conversation: (options) => createConversationHandle(ctx, options),
    feedback: (input) => upsertDocument(ctx, 'feedback', input),
    event: (input) => upsertDocument(ctx, 'event', input),
    flush: async () => {
      const d = await ctx.ifStored();
      if (d) await flushAll(d, ctx.sendingAllowed);
    },
    stats(): OutboxStats {
      const live = ctx.live();
      const counts = live?.outbox.stats() ?? { pending: 0, delivered: 0, rejected: 0, blocked: 0, settling: 0, storage: 'indexeddb' as const };
      return { ...counts, inFlight: live?.flusher.inFlight() ?? 0, locks: live?.tabs.mode() ?? 'web-locks' };
    },
    ready: () => ctx.settled.then(() => void identity()),
    identify: (user) => visitor.identify(user),
    setConsent(next) {
      visitor.setConsent(next);
      if (ctx.sendingAllowed()) ctx.whenStarted(({ flusher }) => flusher.schedule(0));
    },
    consent: () => visitor.consent(),
    reset: () => visitor.reset(),
    identity,
    update(partial) {
      // Own properties only: `'user' in partial` would see a page's `Object.prototype.user`.
      partial = ownCopy(partial ?? {});
      const next = resolveLoggerConfig({ ...ctx.cfg(), ...partial }, false, ctx.refuse);
      if ('user' in partial) visitor.identify(next.user ?? null);
      if ('privacyPreferences' in partial) logger.setConsent(next.privacyPreferences);
      ctx.setCfg(next);
      // Any key or URL given (even the same one) means "the configuration is fixed now": try again.
      if ('apiKey' in partial || 'analyticsUrl' in partial) {
        ctx.whenStarted(async ({ outbox, flusher }) => {
          flusher.resume();
          await outbox.unblock();
          flusher.schedule(0);
        });
      }
    },
    on(listener) {
      ctx.listeners.add(listener);
      return () => ctx.listeners.delete(listener);
    },
    // Around the chat (issue 13): the visitor's history.
    conversations: async () => visitorConversations((await (await ctx.ifStored())?.outbox.conversations()) ?? [], identity().userProperties.id),
    forgetConversation: async (id) => (await (await ctx.ifStored())?.outbox.forget(id)) ?? true,
    destroy() {
      if (!ctx.destroyed()) ctx.destroy();
    },
  };
  return logger;
}
