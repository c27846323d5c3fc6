/** Retry timing, pure. Ranges are stated so callers and tests can rely on them. */

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** A server asking us to wait longer than this is capped, so one bad header cannot park data for days. */
export const RETRY_AFTER_CAP_MS = 60 * 60_000;

/**
 * Full-jitter exponential backoff (AWS architecture blog, "Exponential Backoff and Jitter"):
 * attempt 1 -> [0, 1 s), attempt 2 -> [0, 2 s), ... capped at [0, 5 min). `random` returns [0, 1).
 * Never below 100 ms, so a zero draw cannot turn into a hot loop.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(100, Math.floor(random() * ceiling));
}

/**
 * `Retry-After` (RFC 9110 10.2.3) as milliseconds from `now`: delta-seconds or an HTTP date.
 * Returns undefined when absent or unparsable; 0 for a date in the past; capped at RETRY_AFTER_CAP_MS.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    // Every HTTP-date form names its month; without letters, Date.parse would read "1.5" as a date in 2001.
    if (!/[a-z]{3}/i.test(v)) return undefined;
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, ms));
}

/**
 * The record's times as `clock` sees them (this page's monotonic clock), from `wallNow`, the epoch ms
 * at the same instant. Stored times are epoch ms, which jump with the wall clock: a retry further
 * away than `cap` (the backoff cap for what was loaded; Retry-After's cap for a failure just
 * recorded) or a settle point further than `settleMs` is clamped, so a clock moved back an hour
 * strands nothing.
 */
export function rebase<T extends { nextAttemptAt: number; settleAt?: number }>(r: T, wallNow: number, clock: number, settleMs: number, cap = BACKOFF_CAP_MS): T {
  const out = { ...r, nextAttemptAt: clock + Math.min(cap, Math.max(0, r.nextAttemptAt - wallNow)) };
  if (r.settleAt !== undefined) out.settleAt = clock + Math.min(settleMs, Math.max(0, r.settleAt - wallNow));
  return out;
}
