import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay, parseRetryAfter, RETRY_AFTER_CAP_MS } from './backoff.ts';

const JUST_UNDER_ONE = 1 - Number.EPSILON;

describe('backoffDelay (full jitter)', () => {
  it('never goes below 100 ms, even for a zero draw', () => {
    for (let attempt = 1; attempt <= 20; attempt++) expect(backoffDelay(attempt, () => 0)).toBe(100);
  });

  it('attempt n ranges up to just under 1000 * 2^(n-1) ms', () => {
    expect(backoffDelay(1, () => JUST_UNDER_ONE)).toBe(999);
    expect(backoffDelay(2, () => JUST_UNDER_ONE)).toBe(1_999);
    expect(backoffDelay(3, () => JUST_UNDER_ONE)).toBe(3_999);
    expect(backoffDelay(8, () => JUST_UNDER_ONE)).toBe(127_999);
    expect(backoffDelay(3, () => 0.5)).toBe(2_000);
  });

  it('is the jittered fraction of the ceiling, within [100, ceiling) for any draw', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** (attempt - 1));
      for (const r of [0, 0.01, 0.25, 0.5, 0.75, 0.99, JUST_UNDER_ONE]) {
        const d = backoffDelay(attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(100);
        expect(d).toBeLessThan(ceiling);
        expect(d).toBe(Math.max(100, Math.floor(r * ceiling)));
      }
    }
  });

  it('is capped at 5 minutes for high attempts', () => {
    expect(BACKOFF_CAP_MS).toBe(300_000);
    for (const attempt of [10, 20, 100, 10_000]) {
      expect(backoffDelay(attempt, () => JUST_UNDER_ONE)).toBe(299_999);
      expect(backoffDelay(attempt, () => 0.5)).toBe(150_000);
    }
  });

  it('treats attempt 0 or negative like attempt 1', () => {
    expect(backoffDelay(0, () => JUST_UNDER_ONE)).toBe(999);
    expect(backoffDelay(-3, () => JUST_UNDER_ONE)).toBe(999);
  });
});

describe('parseRetryAfter', () => {
  const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('1', NOW)).toBe(1_000);
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 30 ', NOW)).toBe(30_000);
  });

  it('reads an HTTP date in the future as the time until it', () => {
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:45 GMT', NOW)).toBe(45_000);
  });

  it('gives 0 for an HTTP date in the past', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW - 1_000).toUTCString(), NOW)).toBe(0);
  });

  it('gives undefined when absent, empty or garbage', () => {
    for (const v of [null, undefined, '', '   ', 'soon', '120s', '2 minutes', '1e3', '0x10']) {
      expect(parseRetryAfter(v, NOW), JSON.stringify(v)).toBeUndefined();
    }
  });

  // BUG (src/core/backoff.ts:29): non-RFC values that V8's lenient Date.parse accepts
  // ('1.5' -> 2001-01-05, '-1' -> 2001-01-01) are read as dates in the past -> 0, instead of
  // "unparsable -> undefined". On a 429/503 this turns "pause with backoff" into "no pause at all"
  // (flusher.ts:175 uses `retryAfterMs ?? backoffDelay(...)`).
  it('gives undefined for a fractional or negative delay, which RFC 9110 does not allow', () => {
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
  });

  it('caps the wait at one hour', () => {
    expect(RETRY_AFTER_CAP_MS).toBe(3_600_000);
    expect(parseRetryAfter('3600', NOW)).toBe(3_600_000);
    expect(parseRetryAfter('3601', NOW)).toBe(3_600_000);
    expect(parseRetryAfter('99999999999', NOW)).toBe(3_600_000);
    expect(parseRetryAfter(new Date(NOW + 5 * 3_600_000).toUTCString(), NOW)).toBe(3_600_000);
  });
});
