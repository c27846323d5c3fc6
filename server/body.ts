/**
 * Reads a request body with a hard byte limit. The limit is enforced while reading (not after),
 * so a missing or lying Content-Length cannot make the collector buffer more than the limit.
 */

/** The analytics API documents 2 MB on /feedback; the widget treats it as the limit for every call. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

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
