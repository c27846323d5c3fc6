/**
 * The reference collector as a Hono app (no listening here, so tests can drive it in-process):
 * the analytics API routes the widget calls, plus the demo's chat answerer, static files and,
 * when enabled, the admin routes tests use to read the request log and inject faults.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { randomUUID } from 'node:crypto';
import { parseOrThrow } from '../src/core/parse-or-throw.ts';
import { SupportCopilotError } from '../src/core/support-copilot-error.ts';
import { mountAdmin, sameOriginOnly } from './admin.ts';
import { mountTickets } from './tickets.ts';
import { bearerKey, keyChecker, parseKeyList, type KeyGrant } from './auth.ts';
import { MAX_BODY_BYTES, parseJson, readBody } from './body.ts';
import { chatCompletion, chatRequestSchema } from './chat-completions.ts';
import { storedConversation, storedEvent, storedFeedback, type StoredConversation } from './documents.ts';
import type { AppContext, AppEnv } from './env.ts';
import { applyFault, FaultRules } from './faults.ts';
import { problem } from './problem.ts';
import { describeBody, RequestLog } from './request-log.ts';
import { validateBody, type BodyKind } from './sdk-schemas.ts';
import { serveStatic } from './static.ts';
import type { Collection, CollectorStore } from './store.ts';

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
  /** How a `latencyMs` fault waits (tests give their own, so no test measures time). */
  sleep?: (ms: number) => Promise<void>;
}

type SafeParser<T> = Parameters<typeof parseOrThrow<T>>[0];

const isApiPath = (path: string) =>
  path === '/conversations' || path.startsWith('/conversations/') || path === '/feedback' || path === '/events' || path.startsWith('/v1/');

export function createApp(options: AppOptions): Hono<AppEnv> {
  const checkKey = keyChecker({ web: parseKeyList(options.keys), api: parseKeyList(options.apiKeys), revoked: parseKeyList(options.revokedKeys) });
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
    // Admin routes get no CORS at all: they are for the collector's own pages and for tools.
    if (!isApiPath(c.req.path)) return next();
    const response = await corsMiddleware(c, next);
    // Chrome's Private Network Access: a public page may call a collector on localhost.
    if (response && c.req.header('access-control-request-private-network') === 'true') {
      response.headers.set('Access-Control-Allow-Private-Network', 'true');
    }
    return response;
  });

  /** The key's project when it may do this, else the 401/403 answer. Reading needs an API key. */
  function authorize(c: AppContext, read = false): KeyGrant | Response {
    const key = c.get('log').key;
    if (key === null) return fail(c, 401, 'Missing or malformed Authorization header; expected `Bearer <key>`');
    const verdict = checkKey(key);
    if (verdict === 'revoked') return fail(c, 403, 'This API key has been revoked');
    if (verdict === 'unknown') return fail(c, 401, 'Unknown API key');
    if (read && verdict.role !== 'api') return fail(c, 403, 'Web integration keys are write-only: reading needs an API integration key');
    return verdict;
  }

  function validate<T>(c: AppContext, schema: SafeParser<T>, body: unknown, what: string): T | Response {
    try {
      return parseOrThrow(schema, body, what);
    } catch (error) {
      if (error instanceof SupportCopilotError && error.code === 'invalid_input') return fail(c, 422, error.message, { issues: error.issues });
      throw error;
    }
  }

  /** The POST pipeline: read (bounded) -> fault -> auth -> size -> JSON (bounded depth) -> handler.
   * Faults come first because they stand for the network and infrastructure in front of the API. */
  async function ingest(c: AppContext, needsAuth: boolean, handle: (body: unknown, grant: KeyGrant) => Response | Promise<Response>) {
    const entry = c.get('log');
    const raw = await readBody(c.req.raw);
    entry.bytes = raw.bytes;
    const parsed = raw.text === null ? null : parseJson(raw.text);
    if (parsed?.ok) describeBody(entry, parsed.value);
    entry.fault = faults.take(c.req.path, entry.key);
    return applyFault(c, entry.fault, options.sleep, async () => {
      const grant = needsAuth ? authorize(c) : { project: '', role: 'web' as const };
      if (grant instanceof Response) return grant;
      if (parsed === null) return fail(c, 413, `Request body of ${raw.bytes} bytes exceeds the limit of ${MAX_BODY_BYTES} bytes (2 MB)`);
      if (!parsed.ok) return fail(c, 400, parsed.detail);
      return handle(parsed.value, grant);
    });
  }

  /** Validates with the SDK's schema, then upserts by id within the key's project (id generated
   * when absent), keeping the first createdAt when the body has none. */
  function accept<D extends { id: string }>(
    c: AppContext,
    kind: BodyKind,
    collection: Collection,
    build: (input: Record<string, unknown>, previous: D | undefined, now: string) => D,
  ) {
    return ingest(c, true, (body, { project }) => {
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
    });
  }

  app.post('/conversations', (c) =>
    accept<StoredConversation>(c, 'conversation', 'conversations', (input, previous, now) => {
      const doc = storedConversation(input, previous, now);
      const entry = c.get('log');
      entry.conversationId = doc.id;
      entry.messageIds = doc.messages.map((m) => m.id);
      return doc;
    }),
  );
  app.post('/feedback', (c) => accept(c, 'feedback', 'feedback', storedFeedback));
  app.post('/events', (c) => accept(c, 'event', 'events', storedEvent));

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
  /** A list of the key's own project, for API keys only. */
  const list = (collection: Collection) => (c: AppContext) => {
    const grant = authorize(c, true);
    return grant instanceof Response ? grant : c.json({ [collection]: store.list(grant.project, collection, listLimit(c)) });
  };
  app.get('/conversations', list('conversations'));
  app.get('/conversations/:id', (c) => {
    const grant = authorize(c, true);
    if (grant instanceof Response) return grant;
    // Another project's conversation is as absent as one that never existed.
    const doc = store.get(grant.project, 'conversations', c.req.param('id'));
    return doc === undefined ? fail(c, 404, `No conversation with id ${c.req.param('id')}`) : c.json(doc);
  });
  app.get('/feedback', list('feedback'));
  app.get('/events', list('events'));

  mountTickets(app);
  app.use('/__admin/*', sameOriginOnly(fail));
  if (options.admin) mountAdmin(app, { log, faults, store }, fail);
  else app.all('/__admin/*', (c) => fail(c, 404, 'Admin routes are disabled (set COLLECTOR_ADMIN=1)'));

  const root = options.staticRoot;
  if (root !== undefined) {
    app.get('*', async (c) => (await serveStatic(root, new URL(c.req.url).pathname, { admin: options.admin })) ?? fail(c, 404, `Not found: ${c.req.path}`));
  }

  app.notFound((c) => fail(c, 404, `Not found: ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    console.error(`collector: ${c.req.method} ${c.req.path} failed`, error);
    return fail(c, 500, 'Internal error in the collector');
  });
  return app;
}
