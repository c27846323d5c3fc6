/** One POST to the analytics API. Never throws: every outcome becomes a SendResult for the status policy. */
import type { SendStatus } from '../core/status-policy.ts';
import { fromJson } from '../core/json.ts';
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';
import { isOk } from '../core/status-policy.ts';

/** What one request came to, for the status policy (core/status-policy.ts). */
export interface SendResult {
  status: SendStatus;
  retryAfter?: string | null;
  error?: string;
}

export interface SendOptions {
  keepalive?: boolean;
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export async function httpSend(url: string, apiKey: string, body: string, o: SendOptions): Promise<SendResult> {
  const ctrl = new AbortController();
  const timer = setTimeout(guarded(() => ctrl.abort()), o.timeoutMs);
  try {
    // Null-prototype dictionaries: fetch reads inherited keys too (a page's `Object.prototype.headers` or `.signal`).
    const res = await (o.fetchImpl ?? fetch)(url, bare<RequestInit>({
      method: 'POST',
      headers: bare({ 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${apiKey}` }),
      body,
      keepalive: !!o.keepalive,
      signal: ctrl.signal,
      credentials: 'omit',
      // Never followed: a 301/302/303 would turn the POST into a body-less GET whose 200 looks like delivery.
      redirect: 'manual',
    }));
    // Browsers hide a redirect (type 'opaqueredirect', status 0, no Location); other runtimes show it.
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      const to = res.headers.get('Location');
      return { status: 'redirect', error: `${url} answered with a redirect${res.status ? ` (HTTP ${res.status})` : ''}${to ? ` to ${to}` : ''}: requests are not redirected; set analyticsUrl to the final address` };
    }
    // Read the body so a connection cut after the headers counts as a network error, not a success we never got.
    const text = await res.text();
    return {
      status: res.status,
      retryAfter: res.headers.get('Retry-After'),
      ...(isOk(res.status) ? {} : { error: `HTTP ${res.status}${problemDetail(text)}` }),
    };
  } catch (e) {
    return { status: 'network', error: ctrl.signal.aborted ? `no response within ${o.timeoutMs} ms` : String((e as Error)?.message ?? e) };
  } finally {
    clearTimeout(timer);
  }
}

function problemDetail(text: string): string {
  try {
    const p = fromJson(text) as { detail?: unknown; title?: unknown };
    const d = p.detail ?? p.title;
    return typeof d === 'string' ? `: ${d.slice(0, 300)}` : '';
  } catch {
    return text ? `: ${text.slice(0, 300)}` : '';
  }
}
