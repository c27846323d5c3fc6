/**
 * The reference collector as a Hono app (no listening here, so tests can drive it in-process):
 * the analytics API routes the widget calls, plus the demo's chat answerer, static files and,
 * when enabled, the admin routes tests use to read the request log and inject faults.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { randomUUID } from 'node:crypto';
import { conversationSchema, eventSchema, feedbackSchema } from '../src/core/schema.ts';
import { parseOrThrow } from '../src/core/parse-or-throw.ts';
import { SupportCopilotError } from '../src/core/support-copilot-error.ts';
import { mountAdmin } from './admin.ts';
import { mountTickets } from './tickets.ts';
import { bearerKey, keyChecker } from './auth.ts';
import { MAX_BODY_BYTES, readBody } from './body.ts';
import { chatCompletion, chatRequestSchema } from './chat-completions.ts';
import { storedConversation, storedEvent, storedFeedback, type StoredConversation } from './documents.ts';
import type { AppContext, AppEnv } from './env.ts';
import { applyFault, FaultRules } from './faults.ts';
import { problem } from './problem.ts';
import { describeBody, RequestLog } from './request-log.ts';
import { serveStatic } from './static.ts';
import type { Collection, CollectorStore } from './store.ts';

export interface AppOptions {
  /** Accepted bearer keys; an entry ending in `*` accepts every key with that prefix. */
  keys: string[];
  /** Keys answered with 403 (same syntax), even when they also match `keys`. */
  revokedKeys?: string[];
  db: CollectorStore;
  /** Enables `/__admin/*` (request log, faults, reset). Off in anything resembling production. */
  admin: boolean;
  /** Project root; when set, the demo pages and the widget bundle are served from it. */
  staticRoot?: string;
}

type SafeParser<T> = Parameters<typeof parseOrThrow<T>>[0];

const isApiPath = (path: string) =>
  path === '/conversations' || path.startsWith('/conversations/') || path === '/feedback' || path === '/events' || path.startsWith('/v1/');

export function createApp(options: AppOptions): Hono<AppEnv> {
  const checkKey = keyChecker(options.keys, options.revokedKeys);
  const store = options.db;
  const log = new RequestLog();
  const faults = new FaultRules();
  const app = new Hono<AppEnv>();

  const fail = (c: AppContext, status: number, detail: string, extra?: Record<string, unknown>) =>
    problem(status, detail, { instance: c.req.path, requestId: c.get('log')?.requestId ?? randomUUID(), ...(extra ? { extra } : {}) });

  app.use('*', async (c, next) => {
    if (!isApiPath(c.req.path)) return next();
    const entry = log.start(c.req.method, c.req.path, bearerKey(c.req.header('authorization')));
    c.set('log', entry);
    await next();
    entry.status = entry.fault?.mode === 'drop' || entry.fault?.mode === 'hang' ? null : c.res.status;
    c.res.headers.set('X-Request-Id', entry.requestId);
  });

  const corsMiddleware = cors({
    origin: (origin) => origin || '*',
    allowHeaders: ['Authorization', 'Content-Type', 'Accept'],
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    // Retry-After must be readable cross-origin or the widget cannot honour it.
    exposeHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 86400,
  });
  app.use('*', async (c, next) => {
    if (!isApiPath(c.req.path) && !c.req.path.startsWith('/__admin/')) return next();
    const response = await corsMiddleware(c, next);
    // Chrome's Private Network Access: a public page may call a collector on localhost.
    if (response && c.req.header('access-control-request-private-network') === 'true') {
      response.headers.set('Access-Control-Allow-Private-Network', 'true');
    }
    return response;
  });

  /** null when the bearer key may proceed, else the 401/403 answer. */
  function authorize(c: AppContext): Response | null {
    const key = c.get('log').key;
    if (key === null) return fail(c, 401, 'Missing or malformed Authorization header; expected `Bearer <key>`');
    const verdict = checkKey(key);
    if (verdict === 'revoked') return fail(c, 403, 'This API key has been revoked');
    if (verdict === 'unknown') return fail(c, 401, 'Unknown API key');
    return null;
  }

  function validate<T>(c: AppContext, schema: SafeParser<T>, body: unknown, what: string): T | Response {
    try {
      return parseOrThrow(schema, body, what);
    } catch (error) {
      if (error instanceof SupportCopilotError && error.code === 'invalid_input') return fail(c, 422, error.message, { issues: error.issues });
      throw error;
    }
  }

  /** The POST pipeline: read (bounded) -> fault -> auth -> size -> JSON -> handler. Faults come
   * first because they stand for the network and infrastructure in front of the API. */
  async function ingest(c: AppContext, needsAuth: boolean, handle: (body: unknown) => Response | Promise<Response>) {
    const entry = c.get('log');
    const raw = await readBody(c.req.raw);
    entry.bytes = raw.bytes;
    if (raw.text !== null) describeBody(entry, raw.text);
    entry.fault = faults.take(c.req.path, entry.key);
    return applyFault(c, entry.fault, async () => {
      const denied = needsAuth ? authorize(c) : null;
      if (denied) return denied;
      if (raw.text === null) {
        return fail(c, 413, `Request body of ${raw.bytes} bytes exceeds the limit of ${MAX_BODY_BYTES} bytes (2 MB)`);
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.text);
      } catch (error) {
        return fail(c, 400, `Request body is not valid JSON: ${(error as Error).message}`);
      }
      return handle(body);
    });
  }

  /** Upsert by id (generated when absent), keeping the first createdAt when the body has none. */
  function upsert<I extends { id?: string | undefined }, D extends { id: string }>(
    collection: Collection,
    input: I,
    build: (input: I, previous: D | undefined, now: string) => D,
  ): D {
    const previous = input.id === undefined ? undefined : (store.get(collection, input.id) as D | undefined);
    const doc = build(input, previous, new Date().toISOString());
    store.put(collection, doc.id, doc);
    return doc;
  }

  app.post('/conversations', (c) =>
    ingest(c, true, (body) => {
      const input = validate(c, conversationSchema, body, 'conversation');
      if (input instanceof Response) return input;
      const doc = upsert<typeof input, StoredConversation>('conversations', input, storedConversation);
      const entry = c.get('log');
      entry.conversationId = doc.id;
      entry.messageIds = doc.messages.map((m) => m.id);
      return c.json(doc);
    }),
  );

  app.post('/feedback', (c) =>
    ingest(c, true, (body) => {
      const input = validate(c, feedbackSchema, body, 'feedback');
      return input instanceof Response ? input : c.json(upsert('feedback', input, storedFeedback));
    }),
  );

  app.post('/events', (c) =>
    ingest(c, true, (body) => {
      const input = validate(c, eventSchema, body, 'event');
      return input instanceof Response ? input : c.json(upsert('events', input, storedEvent));
    }),
  );

  app.post('/v1/chat/completions', (c) =>
    ingest(c, false, (body) => {
      const input = validate(c, chatRequestSchema, body, 'chat completion request');
      return input instanceof Response ? input : chatCompletion(input, new URL(c.req.url).origin);
    }),
  );

  const listLimit = (c: AppContext) => {
    const n = Number(c.req.query('limit') ?? 100);
    return Number.isInteger(n) && n > 0 ? Math.min(n, 10_000) : 100;
  };
  app.get('/conversations', (c) => authorize(c) ?? c.json({ conversations: store.list('conversations', listLimit(c)) }));
  app.get('/conversations/:id', (c) => {
    const denied = authorize(c);
    if (denied) return denied;
    const doc = store.get('conversations', c.req.param('id'));
    return doc === undefined ? fail(c, 404, `No conversation with id ${c.req.param('id')}`) : c.json(doc);
  });
  app.get('/feedback', (c) => authorize(c) ?? c.json({ feedback: store.list('feedback', listLimit(c)) }));
  app.get('/events', (c) => authorize(c) ?? c.json({ events: store.list('events', listLimit(c)) }));

  mountTickets(app);
  if (options.admin) mountAdmin(app, { log, faults, store });
  else app.all('/__admin/*', (c) => fail(c, 404, 'Admin routes are disabled (set COLLECTOR_ADMIN=1)'));

  const root = options.staticRoot;
  if (root !== undefined) {
    app.get('*', async (c) => (await serveStatic(root, new URL(c.req.url).pathname)) ?? fail(c, 404, `Not found: ${c.req.path}`));
  }

  app.notFound((c) => fail(c, 404, `Not found: ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    console.error(`collector: ${c.req.method} ${c.req.path} failed`, error);
    return fail(c, 500, 'Internal error in the collector');
  });
  return app;
}
