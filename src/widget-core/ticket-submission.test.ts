import { describe, expect, it } from 'vitest';
import { applyOutcome, isDue, isSubmission, markLinked, newSubmission, retryNow, unfinished } from './ticket-submission.ts';
import { ticketRequest } from '../tickets/ticket-request.fixture.ts';

const T0 = Date.UTC(2026, 0, 1);
const request = ticketRequest('sub-1', T0);

describe('ticket submissions', () => {
  it('start pending and due at once', () => {
    const s = newSubmission(request, T0);
    expect(s).toMatchObject({ id: 'sub-1', state: 'pending', attempts: 0, ticket: null, linked: false });
    expect(isDue(s, T0)).toBe(true);
    expect(unfinished(s)).toBe(true);
    expect(isSubmission(s)).toBe(true);
  });

  it('back off like the outbox on transient failures, at least Retry-After', () => {
    let s = newSubmission(request, T0);
    s = applyOutcome(s, { kind: 'retry', error: 'network' }, T0, () => 0.999);
    expect(s).toMatchObject({ state: 'pending', attempts: 1, lastError: 'network' });
    expect(s.nextAttemptAt - T0).toBeGreaterThanOrEqual(900);
    expect(s.nextAttemptAt - T0).toBeLessThan(1000);
    expect(isDue(s, T0)).toBe(false);
    s = applyOutcome(s, { kind: 'retry', error: 'HTTP 429', retryAfterMs: 60_000 }, T0, () => 0);
    expect(s.nextAttemptAt - T0).toBe(60_000);
    expect(isDue(retryNow(s, T0), T0)).toBe(true);
  });

  it('become sent with their ticket, then linked: finished', () => {
    let s = applyOutcome(newSubmission(request, T0), { kind: 'created', ticket: { id: 'T-1', url: 'https://x/T-1' } }, T0);
    expect(s).toMatchObject({ state: 'sent', ticket: { id: 'T-1', url: 'https://x/T-1' }, lastError: null });
    expect(unfinished(s)).toBe(true);
    s = markLinked(s, T0);
    expect(unfinished(s)).toBe(false);
  });

  it('a sent one stays sent whatever a late attempt says (another tab finished first)', () => {
    const sent = applyOutcome(newSubmission(request, T0), { kind: 'created', ticket: { id: 'T-1' } }, T0);
    expect(applyOutcome(sent, { kind: 'failed', error: 'HTTP 422' }, T0)).toBe(sent);
    expect(applyOutcome(sent, { kind: 'created', ticket: { id: 'T-2' } }, T0).ticket).toEqual({ id: 'T-1' });
    expect(retryNow(sent, T0)).toBe(sent);
  });

  it('a refusal fails it until the visitor tries again', () => {
    const failed = applyOutcome(newSubmission(request, T0), { kind: 'failed', error: 'HTTP 422' }, T0);
    expect(failed).toMatchObject({ state: 'failed', lastError: 'HTTP 422' });
    expect(unfinished(failed)).toBe(false);
    expect(isDue(failed, T0)).toBe(false);
    expect(retryNow(failed, T0)).toMatchObject({ state: 'pending', nextAttemptAt: 0 });
  });

  it('recognizes only its own stored shape', () => {
    for (const bad of [null, 1, {}, { v: 1, id: 'x' }, { ...newSubmission(request, T0), state: 'odd' }, { ...newSubmission(request, T0), v: 2 }]) expect(isSubmission(bad)).toBe(false);
  });
});
