/**
 * The wait of an unanswered question, kept per conversation in Web Storage (not in the outbox:
 * it is this device's business, not the API's) so it survives a reload and is shared by tabs:
 * which question, how many attempts, when the next one is due, and why the last one failed. Its
 * presence is also what marks a question as asked in the widget: only those are answered by themselves.
 * Backoff is the outbox's (core/backoff.ts): full jitter from 1 s doubling to 5 min, at least
 * `Retry-After`. A due time further away than any backoff could set (the clock moved back) is clamped.
 *
 * Automatic attempts are bounded: after AUTO_ATTEMPTS failed retries of one question the chat waits
 * for the visitor's Retry, which starts a new count (answer-flow.ts). Four: with the backoff above
 * they span up to about 15 s (1 + 2 + 4 + 8, more with `Retry-After`), as long as a visitor watches
 * "we'll try again shortly"; a service still failing after that is down, and every attempt may be
 * billed (a timed-out one may still be generating). Offline failures are not counted: no request
 * reached anyone, and the answer must still come when the connection returns.
 */
import { isTransient, type AnswerFailure, type AnswerFailureKind } from './answer-failure.ts';
import type { AnswerRules } from './answer-rules.ts';
import { fromJson, toJson } from '../core/json.ts';

export interface RetryState {
  /** the unanswered question's message id: a state for another question is stale */
  question: string;
  attempts: number;
  /** failed attempts that reached the service (not offline) since the visitor last asked */
  failures: number;
  /** epoch ms of the next automatic try */
  nextAt: number;
  /** why the last attempt failed; `asked`: none yet, the question was asked in the widget (see answer-flow.ts) */
  kind: AnswerFailureKind | 'asked';
}

const KINDS: readonly string[] = ['asked', 'offline', 'timeout', 'busy', 'server', 'refused', 'empty', 'stopped', 'no_source'];
type Rules = Pick<AnswerRules, 'namespace' | 'backoffDelay' | 'backoffCapMs' | 'retryAfterCapMs'>;

/** Automatic retries of one question before the chat waits for the visitor (see above). */
export const AUTO_ATTEMPTS = 4;

/** A question the chat does not try again by itself: refused, empty, stopped, or out of automatic attempts. */
export const waitsForVisitor = (s: RetryState): boolean => s.kind != 'asked' && (!isTransient(s.kind) || s.failures > AUTO_ATTEMPTS);

/** A question the visitor just asked (sent, or Retry): no wait, a new count of attempts. */
export const askedNow = (question: string, now: number): RetryState => ({ question, attempts: 0, failures: 0, nextAt: now, kind: 'asked' });

/** The state after one more failed attempt. */
export function nextRetry(rules: Rules, prev: RetryState | undefined, question: string, f: AnswerFailure, now: number, random: () => number = Math.random): RetryState {
  const same = prev?.question == question;
  const attempts = (same ? prev.attempts : 0) + 1;
  const failures = (same ? prev.failures : 0) + (f.kind == 'offline' ? 0 : 1);
  return { question, attempts, failures, kind: f.kind, nextAt: now + Math.max(rules.backoffDelay(attempts, random), f.retryAfterMs ?? 0) };
}

/** Parses a stored state (anything the page may have written there); clamps a due time stranded by a clock jump. */
export function parseRetry(rules: Rules, raw: string | null, question: string, now: number): RetryState | undefined {
  let v: Partial<RetryState> | undefined;
  try {
    v = fromJson(raw ?? 'null') as Partial<RetryState> | undefined;
  } catch {
    return undefined;
  }
  if (!v || v.question !== question || typeof v.attempts != 'number' || typeof v.nextAt != 'number' || !KINDS.includes(v.kind as string)) return undefined;
  const nextAt = v.nextAt - now > rules.retryAfterCapMs ? now + rules.backoffCapMs : v.nextAt;
  // `failures` is new in issue 19: a state stored before it counts from zero.
  return { question, attempts: v.attempts, failures: typeof v.failures == 'number' ? v.failures : 0, nextAt, kind: v.kind as RetryState['kind'] };
}

export interface RetryStore {
  read(conversationId: string, question: string): RetryState | undefined;
  write(conversationId: string, state: RetryState): void;
  clear(conversationId: string): void;
}

/**
 * Web Storage behind try/catch, with this page's memory as the fallback: a page that blocks storage
 * still waits between attempts (never a hot loop), it only forgets the wait on reload.
 */
export function retryStore(rules: Rules, area: () => Storage | undefined, now: () => number = Date.now): RetryStore {
  const key = (conversationId: string) => `${rules.namespace}:answer-retry:${conversationId}`;
  const memory = new Map<string, string>();
  const use = (fn: (s: Storage) => void) => {
    try {
      const s = area();
      if (s) fn(s);
    } catch {
      /* blocked: memory only */
    }
  };
  return {
    read(id, question) {
      let raw = memory.get(key(id)) ?? null;
      use((s) => (raw = s.getItem(key(id)) ?? raw));
      return parseRetry(rules, raw, question, now());
    },
    write(id, state) {
      memory.set(key(id), toJson(state));
      use((s) => s.setItem(key(id), toJson(state)));
    },
    clear(id) {
      memory.delete(key(id));
      use((s) => s.removeItem(key(id)));
    },
  };
}
