/**
 * Classifies why an answer failed, pure: what the visitor is told (by kind, never the raw error)
 * and whether the chat retries by itself. The status rules are the outbox's (core/status-policy.ts):
 * network errors, 408, 425, 429 and 5xx are transient; other 4xx are refusals.
 * - `offline`: a network error while the browser says it is offline (answered when it is back);
 * - `timeout`: nothing received for `chat.idleTimeoutMs`, no text within `chat.maxAnswerMs`, or 408;
 * - `busy`: 429 or 503 (the service asks us to wait; `Retry-After` honoured);
 * - `server`: other 5xx, 425, a network error while online;
 * - `refused`: other 4xx, a redirect (never followed: a misconfigured `chat.url`), an error marked
 *   permanent (an `error` part with `permanent`, a mid-stream "prompt too long"), or an error the
 *   chat does not know (a host source's bug): not retried by itself, since trying again cannot
 *   help; the visitor has Retry;
 * - `empty`: the answer ended without any text and without an error (a reply the protocol does not
 *   recognise, a reasoning model that spent its tokens thinking): never stored, not retried by itself;
 * - `stopped`: the visitor stopped it before any text came: waits for their Retry;
 * - `no_source`: neither `chat` nor `answer` is configured.
 */
import { AnswerError, AnswerTimeout } from './answer-error.ts';
import type { AnswerRules } from './answer-rules.ts';

export type AnswerFailureKind = 'offline' | 'timeout' | 'busy' | 'server' | 'refused' | 'empty' | 'stopped' | 'no_source';

export interface AnswerFailure {
  kind: AnswerFailureKind;
  /** retried automatically, with backoff */
  transient: boolean;
  retryAfterMs?: number | undefined;
  /** for integrators (the `chat_error` event), not for visitors */
  detail: string;
}

export const isTransient = (kind: AnswerFailureKind): boolean => kind == 'offline' || kind == 'timeout' || kind == 'busy' || kind == 'server';

export function classifyAnswerError(e: unknown, online: boolean, rules: Pick<AnswerRules, 'statusBehavior' | 'parseRetryAfter'>, now: number): AnswerFailure {
  const detail = e instanceof Error ? e.message : String(e);
  const make = (kind: AnswerFailureKind, retryAfterMs?: number): AnswerFailure => ({ kind, transient: isTransient(kind), retryAfterMs, detail });
  if (e instanceof AnswerTimeout || (e as Error)?.name == 'TimeoutError') return make('timeout');
  // fetch rejects with a TypeError when the network fails (a host source may let it through).
  const status = e instanceof AnswerError ? e.status : e instanceof TypeError ? 'network' : undefined;
  if (status === undefined || (e as AnswerError).permanent) return make('refused');
  if (status == 'network') return make(online ? 'server' : 'offline');
  const behavior = rules.statusBehavior(status);
  if (behavior.kind != 'retry') return make('refused');
  if (status == 408) return make('timeout');
  return make(behavior.pauseAll ? 'busy' : 'server', rules.parseRetryAfter((e as AnswerError).retryAfter, now));
}
