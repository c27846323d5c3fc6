/**
 * The Hono environment shared by the collector's modules. Node bindings are optional because
 * tests also drive the app in-process with `app.request()`, where there is no socket.
 */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { Socket } from 'node:net';
import type { LogEntry } from './request-log.ts';

export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: { log: LogEntry };
}

export type AppContext = Context<AppEnv>;

/** The TCP socket behind the request, when served by @hono/node-server. */
export function socketOf(c: AppContext): Socket | undefined {
  const env = c.env as Partial<HttpBindings> | undefined;
  return env?.incoming?.socket;
}
