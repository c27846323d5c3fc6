/**
 * The proof of work Inkeep's API asks of a browser that calls it with a public web key, as
 * Inkeep's own widget does it (@inkeep/cxkit-primitives 0.5.119, the published package:
 * dist/components/embedded-chat/use-captcha.js and use-inkeep-chat.js):
 * 1. `GET <api>/v1/challenge`, without credentials: an ALTCHA challenge
 *    `{ algorithm, challenge, salt, maxnumber, signature }`;
 * 2. the number n from 0 to `maxnumber` whose `algorithm` digest (SHA-256) of `salt + n`, in hex,
 *    is `challenge` (altcha-lib 1.x `solveChallenge`, which that widget calls);
 * 3. `X-INKEEP-CHALLENGE-SOLUTION: base64(JSON.stringify({ number: n, ...challenge }))` on the
 *    chat request; one solution per request.
 * When the challenge cannot be fetched or solved, the request goes without it, as Inkeep's widget
 * does (the API then refuses it, and the visitor sees that failure).
 * Each digest is awaited (Web Crypto runs it off the main thread), so the page stays responsive;
 * the search stops when the answer is aborted.
 */
import { fromJson, toJson } from '../../core/json.ts';
import { bare } from '../../core/own-copy.ts';
import { isOk } from '../../core/status-policy.ts';

/** Beyond this many tries a challenge is not worth a visitor's battery (ALTCHA's default is 1,000,000). */
const MAX_TRIES = 5_000_000;

const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

export async function inkeepChallenge(chatUrl: string, fetchImpl: typeof fetch, signal: AbortSignal): Promise<Record<string, string>> {
  try {
    const url = new URL('../challenge', new URL(chatUrl, globalThis.location?.href));
    const res = await fetchImpl(url.href, bare<RequestInit>({ method: 'GET', signal }));
    if (!isOk(res.status)) return {};
    const c = fromJson(await res.text()) as Record<string, unknown>;
    const max = Math.min(Number(c.maxnumber ?? 1e6), MAX_TRIES);
    const algorithm = String(c.algorithm ?? 'SHA-256').toUpperCase();
    const enc = new TextEncoder();
    for (let n = 0; n <= max; n++) {
      signal.throwIfAborted();
      if (hex(await crypto.subtle.digest(algorithm, enc.encode(`${c.salt}${n}`))) === c.challenge) {
        return { 'X-INKEEP-CHALLENGE-SOLUTION': btoa(toJson({ number: n, ...c })) };
      }
    }
  } catch (e) {
    if (signal.aborted) throw signal.reason;
  }
  return {};
}
