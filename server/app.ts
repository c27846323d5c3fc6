/**
 * The reference collector as a Hono app (no listening here, so tests can drive it in-process):
 * the analytics API routes the widget calls, plus the demo's chat answerer, static files and,
 * when enabled, the admin routes tests use to read the request log and inject faults.
 */
import { Hono } from 'hono';
import { parseOrThrow } from '../src/core/parse-or-throw.ts';
import { SupportCopilotError } from '../src/core/support-copilot-error.ts';
import { adminDisabled, adminHosts, localOnly, mountAdmin } from './admin.ts';
import { keyChecker, parseKeyList } from './auth.ts';
import { chatCompletion, chatRequestSchema, lastQuestion } from './chat-completions.ts';
import { demoOptions, demoProtocolAnswer, demoQuestion } from './demo-protocols.ts';
import { storedConversation, storedEvent, storedFeedback, type StoredConversation } from './documents.ts';
import type { AppContext, AppEnv } from './env.ts';
import { FaultRules } from './faults.ts';
import { createPipeline, fail, jsonBody } from './pipeline.ts';
import { RequestLog } from './request-log.ts';
import { MAX_QUESTION_CHARS, MAX_QUESTION_WORDS, questionRefusal } from './search-limits.ts';
import { validateBody, type BodyKind } from './sdk-schemas.ts';
import { serveStatic } from './static.ts';
import type { Collection, CollectorStore } from './store.ts';
import { mountTickets } from './tickets.ts';

export interface AppOptions {
  /** Web integration keys (write-only), `key` or `key:project`; a `key` ending in `*` accepts every key with that prefix. */
  keys: string[];
  /** API integration keys (read and write), same syntax. */
  apiKeys?: string[];
  /** Keys answered with 403 (same syntax, project ignored), even when they also match `keys`. */
  revokedKeys?: string[];
  db: CollectorStore;
  /** Enables `/__admin/*` (request log, faults, reset). Off in anything resembling production. */
  admin: boolean;
  /** Project root; when set, the demo pages and the widget bundle are served from it. */
  staticRoot?: string;
  /** The `HOST` the server listens on: the admin routes answer to it besides 127.0.0.1, localhost and [::1]. */
  host?: string;
  /** How a `latencyMs` fault waits (tests give their own, so no test measures time). */
  sleep?: (ms: number) => Promise<void>;
}

type SafeParser<T> = Parameters<typeof parseOrThrow<T>>[0];

export function createApp(options: AppOptions): Hono<AppEnv> {
  const checkKey = keyChecker({ web: parseKeyList(options.keys), api: parseKeyList(options.apiKeys), revoked: parseKeyList(options.revokedKeys) });
  const store = options.db;
  const log = new RequestLog();
  const faults = new FaultRules();
  const app = new Hono<AppEnv>();
  const route = createPipeline(app, { checkKey, log, faults, adminRefusal: localOnly(adminHosts(options.host)), sleep: options.sleep });

  function validate<T>(c: AppContext, schema: SafeParser<T>, body: unknown, what: string): T | Response {
    try {
      return parseOrThrow(schema, body, what);
    } catch (error) {
      if (error instanceof SupportCopilotError && error.code === 'invalid_input') return fail(c, 422, error.message, { issues: error.issues });
      throw error;
    }
  }

  /** Validates with the SDK's schema, then upserts by id within the key's project (id generated
   * when absent), keeping the first createdAt when the body has none. */
  function accept<D extends { id: string }>(
    c: AppContext,
    kind: BodyKind,
    collection: Collection,
    build: (input: Record<string, unknown>, previous: D | undefined, now: string) => D,
  ) {
    const { project } = c.get('grant')!;
    const body = jsonBody(c);
    const verdict = validateBody(kind, body);
    if (!verdict.ok) {
      const detail = `Invalid ${kind}: ${verdict.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`;
      // 400, as the real API answers a body its schema refuses (a feedback reason without details, for one).
      return fail(c, 400, detail, { issues: verdict.issues });
    }
    const input = body as Record<string, unknown>;
    const previous = typeof input.id === 'string' && input.id !== '' ? (store.get(project, collection, input.id) as D | undefined) : undefined;
    const doc = build(input, previous, new Date().toISOString());
    store.put(project, collection, doc.id, doc);
    return c.json(doc);
  }

  // The analytics API: the widget writes from any origin; reading is for API keys, server-side.
  const write = { access: 'write', logged: true, crossOrigin: true } as const;
  const read = { access: 'read', logged: true } as const;
  route('POST', '/conversations', write, (c) =>
    accept<StoredConversation>(c, 'conversation', 'conversations', (input, previous, now) => {
      const doc = storedConversation(input, previous, now);
      const entry = c.get('log')!;
      entry.conversationId = doc.id;
      entry.messageIds = doc.messages.map((m) => m.id);
      return doc;
    }),
  );
  route('POST', '/feedback', write, (c) => accept(c, 'feedback', 'feedback', storedFeedback));
  route('POST', '/events', write, (c) => accept(c, 'event', 'events', storedEvent));

  route('POST', '/v1/chat/completions', { access: 'public', logged: true, crossOrigin: true }, (c) => {
    const input = validate(c, chatRequestSchema, jsonBody(c), 'chat completion request');
    if (input instanceof Response) return input;
    const question = lastQuestion(input);
    const refusal = questionRefusal(question);
    return refusal ? fail(c, 422, refusal, { limits: { characters: MAX_QUESTION_CHARS, words: MAX_QUESTION_WORDS } }) : chatCompletion(input, question, new URL(c.req.url).origin);
  });
  // The same answers in each protocol the widget speaks, for the demo's developer panel (server/demo-protocols.ts).
  route('POST', '/v1/demo/chat', { access: 'public', logged: true, crossOrigin: true }, (c) => {
    const body = jsonBody(c);
    const refusal = questionRefusal(demoQuestion(body));
    return refusal ? fail(c, 422, refusal, { limits: { characters: MAX_QUESTION_CHARS, words: MAX_QUESTION_WORDS } }) : demoProtocolAnswer(body, demoOptions(new URL(c.req.url)), new URL(c.req.url).origin);
  });

  const listLimit = (c: AppContext) => {
    const n = Number(c.req.query('limit') ?? 100);
    return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : 100;
  };
  /** A list of the key's own project. */
  const list = (collection: Collection) => (c: AppContext) => c.json({ [collection]: store.list(c.get('grant')!.project, collection, listLimit(c)) });
  route('GET', '/conversations', read, list('conversations'));
  route('GET', '/conversations/:id', read, (c) => {
    // Another project's conversation is as absent as one that never existed.
    const doc = store.get(c.get('grant')!.project, 'conversations', c.req.param('id') ?? '');
    return doc === undefined ? fail(c, 404, `No conversation with id ${c.req.param('id')}`) : c.json(doc);
  });
  route('GET', '/feedback', read, list('feedback'));
  route('GET', '/events', read, list('events'));

  mountTickets(route, store.tickets, fail);
  if (options.admin) mountAdmin(route, { log, faults, store }, fail);
  else route('ALL', '/__admin/*', { access: 'admin' }, adminDisabled(fail));

  const root = options.staticRoot;
  if (root !== undefined) {
    route('GET', '*', { access: 'public' }, async (c) => (await serveStatic(root, new URL(c.req.url).pathname, { admin: options.admin })) ?? fail(c, 404, `Not found: ${c.req.path}`));
  }

  app.notFound((c) => fail(c, 404, `Not found: ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    console.error(`collector: ${c.req.method} ${c.req.path} failed`, error);
    return fail(c, 500, 'Internal error in the collector');
  });
  return app;
}
