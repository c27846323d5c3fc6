import { describe, expect, it } from 'vitest';
import { AnswerError, AnswerTimeout } from './answer-error.ts';
import { classifyAnswerError, isTransient } from './answer-failure.ts';
import { answerRules } from './answer-rules.ts';

const kind = (e: unknown, online = true) => classifyAnswerError(e, online, answerRules, 0);

describe('classifyAnswerError', () => {
  it('network errors: offline when the browser says so, else a server problem; both transient', () => {
    expect(kind(new AnswerError('Could not reach the chat service: Failed to fetch', 'network'), false)).toMatchObject({ kind: 'offline', transient: true });
    expect(kind(new TypeError('Failed to fetch'), false)).toMatchObject({ kind: 'offline', transient: true });
    expect(kind(new AnswerError('x', 'network'), true)).toMatchObject({ kind: 'server', transient: true });
  });
  it('timeouts: our own, a TimeoutError, 408', () => {
    expect(kind(new AnswerTimeout('No answer within 30 s'))).toMatchObject({ kind: 'timeout', transient: true, detail: 'No answer within 30 s' });
    expect(kind(new DOMException('signal timed out', 'TimeoutError'))).toMatchObject({ kind: 'timeout', transient: true });
    expect(kind(new AnswerError('x', 408))).toMatchObject({ kind: 'timeout', transient: true });
  });
  it('busy: 429 and 503, with Retry-After', () => {
    expect(kind(new AnswerError('x', 429, '5'))).toEqual({ kind: 'busy', transient: true, retryAfterMs: 5_000, detail: 'x' });
    expect(kind(new AnswerError('x', 503))).toMatchObject({ kind: 'busy', transient: true });
  });
  it('server errors: other 5xx and 425 are transient', () => {
    for (const status of [500, 502, 504, 425]) expect(kind(new AnswerError('x', status)), String(status)).toMatchObject({ kind: 'server', transient: true });
  });
  it('a redirect (never followed: a misconfigured chat.url) is a refusal, not retried by itself', () => {
    for (const status of [302, 'redirect'] as const) expect(kind(new AnswerError('x', status)), String(status)).toMatchObject({ kind: 'refused', transient: false });
  });
  it('refusals: other 4xx, and errors the chat does not know (a host source bug): not retried by themselves', () => {
    for (const status of [400, 401, 403, 404, 413, 422]) expect(kind(new AnswerError('x', status)), String(status)).toMatchObject({ kind: 'refused', transient: false });
    expect(kind(new Error('boom'))).toMatchObject({ kind: 'refused', transient: false, detail: 'boom' });
    expect(kind('a string')).toMatchObject({ kind: 'refused', detail: 'a string' });
  });
  it('an error marked permanent is a refusal whatever its status (a mid-stream "prompt too long" inside a 200)', () => {
    for (const status of [500, 503, 'network'] as const) expect(kind(new AnswerError('prompt too long', status, null, true)), String(status)).toMatchObject({ kind: 'refused', transient: false });
  });
  it('isTransient matches the kinds', () => {
    expect(['offline', 'timeout', 'busy', 'server', 'refused', 'empty', 'stopped', 'no_source'].map((k) => isTransient(k as never))).toEqual([true, true, true, true, false, false, false, false]);
  });
});
