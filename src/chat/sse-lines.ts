/**
 * Incremental Server-Sent Events parser that returns the `data:` payloads of a text stream.
 * Lines may end in LF, CRLF or CR and may be split anywhere across chunks; `:` comments, blank
 * lines and other fields (event, id, retry) are skipped. Each `data:` line is one payload (chat
 * completion streams put one JSON object per line).
 * Call with each decoded chunk, and once with `end = true` when the stream is over.
 */
export function sseDataParser(): (chunk: string, end?: boolean) => string[] {
  let buf = '';
  return (chunk, end) => {
    buf += chunk;
    const lines = buf.split(/\r\n|\r|\n/);
    // Keep the unfinished last line. A CRLF split across chunks yields an extra blank line: harmless.
    buf = end ? '' : lines.pop()!;
    const out: string[] = [];
    for (const line of lines) {
      const m = /^data(?:: ?(.*))?$/s.exec(line);
      if (m) out.push(m[1] ?? '');
    }
    return out;
  };
}
