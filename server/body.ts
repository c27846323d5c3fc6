/**
 * Reads and parses a request body within hard limits, before any memory-heavy work. The size is
 * enforced while reading (not after), so a missing or lying Content-Length cannot make the
 * collector buffer more than the limit; the nesting depth is counted on the text before parsing,
 * so a hostile body (100,000 levels inside `properties`) never reaches code that recurses.
 */
import { MAX_BODY_BYTES } from '../src/core/outbox-record.ts';

/** The analytics API documents 2 MB on /feedback; the widget holds every call to it (one constant for both). */
export { MAX_BODY_BYTES };

/** Deeper than any payload the widget builds (it refuses `properties` nested deeper than 32 levels). */
export const MAX_JSON_DEPTH = 64;

export interface RawBody {
  /** Bytes received (or declared, when the declared length alone was already too large). */
  bytes: number;
  /** The UTF-8 text, or null when the body exceeded the limit. */
  text: string | null;
}

export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<RawBody> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return { bytes: Number(declared), text: null };
  if (!request.body) return { bytes: 0, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => {});
      return { bytes, text: null };
    }
    chunks.push(value);
  }
  return { bytes, text: Buffer.concat(chunks).toString('utf8') };
}

/** The deepest nesting of `[` / `{` outside strings, counting stops at `max + 1`. Linear, no recursion. */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > deepest && (deepest = depth) > max) return deepest;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return deepest;
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; detail: string };

export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): ParsedBody {
  if (jsonDepth(text, maxDepth) > maxDepth) return { ok: false, detail: `Request body nests deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, detail: `Request body is not valid JSON: ${(error as Error).message}` };
  }
}
