import type { Link } from '../core/schema.ts';

/** `[text](url)` (group 1 text, 2 url) or a bare http(s) URL (group 3). Trailing punctuation is not part of a bare URL. */
export const LINK_SOURCE = String.raw`\[([^\]\n]+)\]\(\s*<?([^\s()<>]+)>?(?:\s+"[^"\n]*")?\s*\)|(https?:\/\/[^\s<>()[\]"'\x60]*[^\s<>()[\]"'\x60.,;:!?*_])`;

/** The normalised URL if it is http(s) or mailto, else null (relative, javascript:, data:, ...). */
export function safeUrl(raw: string): string | null {
  try {
    const u = new URL(raw);
    return /^(https?|mailto):$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** Safe links of a markdown answer (outside code), de-duplicated by URL, link text as title. */
export function extractLinks(markdown: string): Link[] {
  const byUrl = new Map<string, Link>();
  const text = markdown.replace(/```[^]*?(```|$)|`[^`\n]*`/g, ' ');
  for (const m of text.matchAll(new RegExp(LINK_SOURCE, 'g'))) {
    const url = safeUrl((m[2] ?? m[3])!);
    if (!url) continue;
    const title = m[1]?.replace(/[*`]/g, '').trim();
    const seen = byUrl.get(url);
    if (!seen) byUrl.set(url, title ? { url, title } : { url });
    else if (!seen.title && title) seen.title = title;
  }
  return [...byUrl.values()];
}
