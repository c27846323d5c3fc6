/**
 * The Hono environment shared by the collector's modules. Node bindings are optional because
 * tests also drive the app in-process with `app.request()`, where there is no socket.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Socket } from 'node:net';
import type { KeyGrant } from './auth.ts';
import type { ParsedBody, RawBody } from './body.ts';
import type { LogEntry } from './request-log.ts';

export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: {
    /** Also sent back as `X-Request-Id` and in problem bodies. */
    requestId: string;
    /** Set on the routes the request log records (the analytics API and the demo answerer). */
    log: LogEntry | undefined;
    /** The caller's project and role; null on routes that need no key (and on an anonymous ticket receipt). */
    grant: KeyGrant | null;
    /** The request body as read within the limits (POST routes). */
    raw: RawBody | undefined;
    parsed: ParsedBody | null | undefined;
  };
}

export type AppContext = Context<AppEnv>;

/** The TCP socket behind the request, when served by @hono/node-server. */
export function socketOf(c: AppContext): Socket | undefined {
  const env = c.env as Partial<HttpBindings> | undefined;
  return env?.incoming?.socket;
}
