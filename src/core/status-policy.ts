/**
 * What one HTTP outcome means for the outbox. Pure and total: every status maps somewhere.
 * - `delivered`: 2xx.
 * - `retry`: network error, 408, 425, 429, 5xx, and 3xx (fetch follows redirects, so one that
 *   surfaces is a misbehaving proxy); no attempt limit. `pauseAll` for 429 and 503: the server
 *   is overloaded as a whole, so every conversation waits, not just this one.
 * - `blocked`: 401, 403, 404 (bad key or wrong analyticsUrl): a configuration error; sending
 *   stops until the configuration changes, because retrying cannot succeed.
 * - `rejected`: any other 4xx (400, 413, 422, ...): this document is refused as it is; keep it,
 *   report it, never loop on it.
 */
export type StatusBehavior =
  | { kind: 'delivered' }
  | { kind: 'retry'; pauseAll: boolean }
  | { kind: 'blocked' }
  | { kind: 'rejected' };

export function statusBehavior(status: number | 'network'): StatusBehavior {
  if (status === 'network') return { kind: 'retry', pauseAll: false };
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 429 || status === 503) return { kind: 'retry', pauseAll: true };
  if (status === 408 || status === 425 || status >= 500 || status < 200 || (status >= 300 && status < 400)) {
    return { kind: 'retry', pauseAll: false };
  }
  if (status === 401 || status === 403 || status === 404) return { kind: 'blocked' };
  return { kind: 'rejected' };
}
