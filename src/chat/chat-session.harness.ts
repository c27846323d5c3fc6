/**
 * The chat session's test harness: a real headless logger in memory (no IndexedDB, document,
 * window, Web Locks or BroadcastChannel; a fake fetch), a pointer in a variable, scripted answer
 * sources, and this page's answer lock and wait store (their fallbacks). Used by
 * chat-session.test.ts and chat-answerer.test.ts.
 */
import { afterEach, vi } from 'vitest';
import { createChatSession, type ChatSession } from './chat-session.ts';
import { createAnswering } from './answering.ts';
import { answerLock } from './answer-lock.ts';
import { retryStore } from './answer-retry-state.ts';
import { answerRules } from './answer-rules.ts';
import { createConversationLogger } from '../logger/conversation-logger.ts';
import type { ConversationLogger, LoggerConfig, SupportCopilotError as ErrorType } from '../core/public-types.ts';
import type { SupportCopilotError } from '../core/support-copilot-error.ts';
import type { Link } from '../core/schema.ts';
import type { AnswerContext, AnswerSource, WidgetEventName } from '../widget-core/widget-types.ts';

export { deferred } from '../core/test-waits.harness.ts';

/** Deltas, one per step. */
export const answerWith =
  (...deltas: string[]): AnswerSource =>
  async function* () {
    for (const d of deltas) yield d;
  };

/** Yields nothing and ends only when its signal is aborted (as a well-behaved source does). */
export const silentButAbortable: AnswerSource = async function* ({ signal }) {
  await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
};

const extractLinks = (md: string): Link[] => [...md.matchAll(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g)].map((m) => ({ url: m[2]!, title: m[1]! }));

interface Call {
  url: string;
  body: Record<string, any>;
}

const loggers: ConversationLogger[] = [];
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const l of loggers.splice(0)) l.destroy();
});

function makeLogger(o: { config?: Partial<LoggerConfig>; statuses?: number[]; onError?: (e: ErrorType) => void } = {}) {
  const calls: Call[] = [];
  const statuses = [...(o.statuses ?? [])];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), body: JSON.parse(String(init?.body)) as Record<string, any> });
    return new Response('{}', { status: statuses.shift() ?? 200 });
  };
  const logger = createConversationLogger(
    // A long flush delay: nothing is delivered unless a test flushes.
    { apiKey: 'k', analyticsUrl: 'https://collector.test', flushDelayMs: 60_000, onError: (e) => o.onError?.(e), ...o.config },
    { indexedDB: undefined, document: undefined, window: undefined, locks: undefined, BroadcastChannel: undefined, fetch: fetchImpl as typeof fetch },
  );
  loggers.push(logger);
  return { logger, calls };
}

export function setup(o: { source?: AnswerSource; remembered?: string; answerTimeoutMs?: number; maxAnswerMs?: number; config?: Partial<LoggerConfig>; statuses?: number[] } = {}) {
  let session: ChatSession | undefined;
  const errors: ErrorType[] = [];
  const { logger, calls } = makeLogger({
    ...o,
    onError: (e) => {
      errors.push(e);
      session?.loggerError(e);
    },
  });
  logger.on((e) => session?.refresh(e));
  let pointer = o.remembered;
  const answering = { source: o.source };
  // This page's lock guard and wait store (no Web Locks, no localStorage in Node: the fallbacks).
  const page = { lock: answerLock(answerRules.namespace, undefined), retries: retryStore(answerRules, () => undefined) };
  const contexts: AnswerContext[] = [];
  const fired: { name: WidgetEventName; properties: Record<string, unknown> }[] = [];
  const shown: { conversationId: string; messageId: string; role: string; content: string }[] = [];
  let changed = 0;
  let n = 0;
  const create = () =>
    (session = createChatSession({
      logger,
      pointer: { get: () => pointer, set: (id) => void (pointer = id) },
      fields: () => ({ supportTicketConversationId: 'T-1', externalUrl: null }),
      answering: async () => {
        if (!answering.source) return undefined;
        return { ...createAnswering((ctx: AnswerContext) => (contexts.push(ctx), answering.source!(ctx)), answerRules, page), extractLinks };
      },
      answerLimits: () => ({ idleMs: o.answerTimeoutMs ?? 30_000, maxMs: o.maxAnswerMs ?? 300_000 }),
      newId: () => `id-${++n}`,
      fire: (name, properties) => void fired.push({ name, properties: properties ?? {} }),
      message: (detail) => shown.push(detail),
      changed: () => void changed++,
    }));
  return {
    logger,
    calls,
    errors,
    create,
    contexts,
    fired,
    shown,
    setSource: (s: AnswerSource | undefined) => void (answering.source = s),
    retries: page.retries,
    pointer: () => pointer,
    setPointer: (id: string | undefined) => void (pointer = id),
    changes: () => changed,
    stored: (id: string) => logger.conversation({ id }).messages(),
  };
}

export const errorOf = async (p: Promise<unknown>): Promise<SupportCopilotError> => {
  try {
    await p;
  } catch (e) {
    return e as SupportCopilotError;
  }
  throw new Error('expected a rejection');
};

