/**
 * What one HTTP outcome means for the outbox. Pure and total: every status maps somewhere.
 * - `delivered`: 2xx.
 * - `retry`: network error (also a timeout or abort), 408, 425, 429, 5xx, 1xx; no attempt limit.
 *   `pauseAll` for 429 and 503: the server is overloaded as a whole, so every conversation waits,
 *   not just this one. `unknown` when the server may have processed the request anyway and may
 *   still do so late: a network error after the body left, a timeout, 502 and 504 from a gateway
 *   that gave up on the API (which may still finish). Those start convergence (outbox-record.ts).
 * - `blocked`: 401, 403, 404 (bad key or wrong analyticsUrl) and any redirect (`redirect`, or a
 *   3xx where the runtime shows one): requests never follow redirects, since a 301/302/303 turns a
 *   POST into a body-less GET whose 200 would look like delivery. A configuration error: sending
 *   stops until the configuration changes or the next page load, because retrying cannot succeed.
 * - `rejected`: any other 4xx (400, 413, 422, ...): this document is refused as it is; keep it,
 *   report it, never loop on it.
 */
export type StatusBehavior =
  | { kind: 'delivered' }
  | { kind: 'retry'; pauseAll: boolean; unknown?: boolean }
  | { kind: 'blocked' }
  | { kind: 'rejected' };

/** A response status, `network` when none came back, `redirect` for an opaque (browser) redirect. */
export type SendStatus = number | 'network' | 'redirect';

/** A 2xx status: read from `status` alone, never from `Response.ok` (a member some runtimes and shims lack). */
export const isOk = (status: unknown): boolean => typeof status === 'number' && status >= 200 && status < 300;

export function statusBehavior(status: SendStatus): StatusBehavior {
  if (status === 'network') return { kind: 'retry', pauseAll: false, unknown: true };
  if (status === 'redirect' || (status >= 300 && status < 400)) return { kind: 'blocked' };
  if (isOk(status)) return { kind: 'delivered' };
  if (status === 429 || status === 503) return { kind: 'retry', pauseAll: true };
  if (status === 502 || status === 504) return { kind: 'retry', pauseAll: false, unknown: true };
  if (status === 408 || status === 425 || status >= 500 || status < 200) return { kind: 'retry', pauseAll: false };
  if (status === 401 || status === 403 || status === 404) return { kind: 'blocked' };
  return { kind: 'rejected' };
}
