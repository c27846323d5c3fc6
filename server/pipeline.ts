/**
 * The one request pipeline every route of the collector goes through (issue 24). A route declares
 * what it is (who may call it, whether the request log and fault rules see it, whether another
 * origin may post to it) and gets the same Hono middleware in front of its handler:
 *
 *   begin   request id (`X-Request-Id`), request-log entry, CORS on a cross-origin write's answer
 *   read    a POST body read within 2 MB (counted while reading) and parsed within 64 levels
 *   fault   the admin's fault rules (logged POSTs): they stand for the network in front of the API,
 *           so they come before the key check, as the real network would
 *   admit   the key: web keys write, API keys read, each within its project; admin: local only
 *   limits  413 or 400 for a body `read` refused
 *
 * so a new route cannot skip a check by forgetting it. Reads never get CORS headers: the hosted
 * API's read keys are secret and server-side, and a browser page on another origin has no
 * business reading what this collector stores (not even with a key it got hold of).
 */
import type { Context, Handler, Hono, MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import { bearerKey, type KeyGrant, type KeyVerdict } from './auth.ts';
import { MAX_BODY_BYTES, parseJson, readBody } from './body.ts';
import type { AppContext, AppEnv } from './env.ts';
import { applyFault, type FaultRules } from './faults.ts';
import { problem } from './problem.ts';
import { describeBody, type RequestLog } from './request-log.ts';

/**
 * Who may call a route:
 * - `write`: a web or API key (the widget's calls);
 * - `read`: an API key; the answer holds only the key's project;
 * - `receipt`: as `read` when an Authorization header is sent; without one the handler answers
 *   what anyone holding the URL may see (a ticket's "request received" page);
 * - `public`: no key (the demo answerer, static pages);
 * - `admin`: no key, but only from this machine's own names and origin (admin.ts).
 */
export type Access = 'write' | 'read' | 'receipt' | 'public' | 'admin';

export interface RouteSpec {
  access: Access;
  /** Recorded in the request log, and (POSTs) subject to fault rules: the analytics API and the demo answerer. */
  logged?: boolean;
  /** A page on another origin may POST here (the widget runs on the host's site). Only for POST routes. */
  crossOrigin?: boolean;
  /** Request headers a cross-origin caller may send besides Authorization, Content-Type and Accept. */
  allowHeaders?: readonly string[];
  /** false: a POST whose body is never read (the admin reset). */
  body?: boolean;
}

export type Method = 'GET' | 'POST' | 'DELETE' | 'OPTIONS' | 'ALL';

export interface PipelineDeps {
  checkKey: (key: string) => KeyVerdict;
  log: RequestLog;
  faults: FaultRules;
  /** Why a request may not use the admin routes, or null (admin.ts: local names, same origin). */
  adminRefusal: (c: AppContext) => string | null;
  /** How a `latencyMs` fault waits (tests give their own, so no test measures time). */
  sleep?: (ms: number) => Promise<void>;
}

export type Fail = (c: AppContext, status: number, detail: string, extra?: Record<string, unknown>) => Response;
export type Route = (method: Method, path: string, spec: RouteSpec, handler: Handler<AppEnv>) => void;

/** A problem+json answer carrying the request's id (a fresh one for requests no route took). */
export const fail: Fail = (c, status, detail, extra) =>
  problem(status, detail, { instance: c.req.path, requestId: c.get('requestId') ?? randomUUID(), ...(extra ? { extra } : {}) });

/** The body `read` parsed (the `limits` step has refused every other case before a handler runs). */
export const jsonBody = (c: AppContext): unknown => {
  const parsed = c.get('parsed');
  return parsed?.ok ? parsed.value : undefined;
};

const BASE_HEADERS = ['Authorization', 'Content-Type', 'Accept'];
// Retry-After must be readable cross-origin or the widget cannot honour it.
const EXPOSED = 'Retry-After, X-Request-Id';

function allowOrigin(c: Context, headers: Headers): void {
  headers.set('Access-Control-Allow-Origin', c.req.header('origin') || '*');
  headers.append('Vary', 'Origin');
}

export function createPipeline(app: Hono<AppEnv>, deps: PipelineDeps): Route {
  const { checkKey, log, faults } = deps;

  const begin = (spec: RouteSpec): MiddlewareHandler<AppEnv> => async (c, next) => {
    const entry = spec.logged ? log.start(c.req.method, c.req.path, bearerKey(c.req.header('authorization'))) : undefined;
    c.set('log', entry);
    c.set('requestId', entry?.requestId ?? randomUUID());
    await next();
    if (entry) entry.status = entry.fault?.mode === 'drop' || entry.fault?.mode === 'hang' ? null : c.res.status;
    c.res.headers.set('X-Request-Id', c.get('requestId'));
    if (spec.crossOrigin && c.req.method === 'POST') {
      allowOrigin(c, c.res.headers);
      c.res.headers.set('Access-Control-Expose-Headers', EXPOSED);
    }
  };

  const read: MiddlewareHandler<AppEnv> = async (c, next) => {
    const raw = await readBody(c.req.raw);
    const parsed = raw.text === null ? null : parseJson(raw.text);
    c.set('raw', raw);
    c.set('parsed', parsed);
    const entry = c.get('log');
    if (entry) {
      entry.bytes = raw.bytes;
      // The log describes refused requests too: that is what a test looking at the wire needs.
      if (parsed?.ok) describeBody(entry, parsed.value);
    }
    await next();
  };

  const fault: MiddlewareHandler<AppEnv> = async (c, next) => {
    const entry = c.get('log')!;
    entry.fault = faults.take(c.req.path, entry.key);
    return applyFault(c, entry.fault, deps.sleep, async () => {
      await next();
      return c.res;
    });
  };

  /** The key's grant when it may do this, else the 401/403 answer. */
  function grantFor(c: AppContext, access: Access): KeyGrant | null | Response {
    if (access === 'public') return null;
    if (access === 'admin') {
      const refusal = deps.adminRefusal(c);
      return refusal === null ? null : fail(c, 403, refusal);
    }
    const header = c.req.header('authorization');
    if (access === 'receipt' && header === undefined) return null;
    const key = bearerKey(header);
    if (key === null) return fail(c, 401, 'Missing or malformed Authorization header; expected `Bearer <key>`');
    const verdict = checkKey(key);
    if (verdict === 'revoked') return fail(c, 403, 'This API key has been revoked');
    if (verdict === 'unknown') return fail(c, 401, 'Unknown API key');
    if (access !== 'write' && verdict.role !== 'api') return fail(c, 403, 'Web integration keys are write-only: reading needs an API integration key');
    return verdict;
  }

  const admit = (access: Access): MiddlewareHandler<AppEnv> => async (c, next) => {
    const grant = grantFor(c, access);
    if (grant instanceof Response) return grant;
    c.set('grant', grant);
    await next();
  };

  const limits: MiddlewareHandler<AppEnv> = async (c, next) => {
    const parsed = c.get('parsed');
    if (parsed === null) return fail(c, 413, `Request body of ${c.get('raw')!.bytes} bytes exceeds the limit of ${MAX_BODY_BYTES} bytes (2 MB)`);
    if (parsed && !parsed.ok) return fail(c, 400, parsed.detail);
    await next();
  };

  /** Grants a preflight for POST only: a cross-origin page may write, never read. */
  const preflight = (spec: RouteSpec): Handler<AppEnv> => (c) => {
    const res = c.body(null, 204);
    if (c.req.header('access-control-request-method')?.toUpperCase() !== 'POST') return res;
    allowOrigin(c, res.headers);
    res.headers.set('Access-Control-Allow-Methods', 'POST,OPTIONS');
    res.headers.set('Access-Control-Allow-Headers', [...BASE_HEADERS, ...(spec.allowHeaders ?? [])].join(','));
    res.headers.set('Access-Control-Max-Age', '86400');
    // Chrome's Private Network Access: a public page may post to a collector on localhost.
    if (c.req.header('access-control-request-private-network') === 'true') res.headers.set('Access-Control-Allow-Private-Network', 'true');
    return res;
  };

  return (method, path, spec, handler) => {
    const reads = method === 'POST' && spec.body !== false;
    const chain: MiddlewareHandler<AppEnv>[] = [begin(spec)];
    if (reads) chain.push(read);
    if (method === 'POST' && spec.logged) chain.push(fault);
    chain.push(admit(spec.access));
    if (reads) chain.push(limits);
    app.on(method, path, ...(chain as [MiddlewareHandler<AppEnv>]), handler);
    if (spec.crossOrigin) app.options(path, begin({ ...spec, crossOrigin: false }), preflight(spec));
  };
}
