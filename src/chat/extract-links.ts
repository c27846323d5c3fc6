import type { Link } from '../core/schema.ts';

/** `[text](url "title")` (group 1 text, 2 url, 3 title) or a bare http(s) URL (group 4). Trailing punctuation is not part of a bare URL. */
export const LINK_SOURCE = String.raw`\[([^\]\n]+)\]\(\s*<?([^\s()<>]+)>?(?:\s+"([^"\n]*)")?\s*\)|(https?:\/\/[^\s<>()[\]"'\x60]*[^\s<>()[\]"'\x60.,;:!?*_])`;

/** The normalised URL if it is http(s) or mailto, else null (relative, javascript:, data:, ...). */
export function safeUrl(raw: string): string | null {
  try {
    const u = new URL(raw);
    return /^(https?|mailto):$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The pages a markdown answer cites (outside code), de-duplicated by URL: its sources. Link text as
 * title; a link's own title (`[Rotate a key](url "API keys")`) says where the page sits, shown on its
 * source card as its path (`breadcrumbs`). Only http(s): an email address is a way to reach someone,
 * not a source (the text still links it).
 */
export function extractLinks(markdown: string): Link[] {
  const byUrl = new Map<string, Link>();
  const text = markdown.replace(/```[^]*?(```|$)|`[^`\n]*`/g, ' ');
  for (const m of text.matchAll(new RegExp(LINK_SOURCE, 'g'))) {
    const url = safeUrl((m[2] ?? m[4])!);
    if (!url?.startsWith('http')) continue;
    const title = m[1]?.replace(/[*`]/g, '').trim();
    const where = m[3]?.trim();
    const seen = byUrl.get(url);
    if (!seen) byUrl.set(url, { url, ...(title ? { title } : {}), ...(where ? { breadcrumbs: [where] } : {}) });
    else if (!seen.title && title) seen.title = title;
  }
  return [...byUrl.values()];
}
