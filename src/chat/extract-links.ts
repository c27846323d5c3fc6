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

/** A link text that only numbers a citation (`1`, `(1)`, `[1]`, `^1`): never a title. */
export const isCitation = (text: string): boolean => /^\W*\d+\W*$/.test(text);

/** A readable name for a page without a title: its last path segment ("getting-started.html" -> "Getting started"), else its site. */
export function titleFromUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol == 'mailto:') return decodeURIComponent(u.pathname);
    const name = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '')
      .replace(/\.[a-z]{2,5}$/i, '')
      .replace(/[-_+\s]+/g, ' ')
      .trim();
    return name && !/^\d+$/.test(name) ? name[0]!.toUpperCase() + name.slice(1) : u.host.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** Safe links of a markdown answer (outside code), de-duplicated by URL, link text as title (not a citation number). */
export function extractLinks(markdown: string): Link[] {
  const byUrl = new Map<string, Link>();
  const text = markdown.replace(/```[^]*?(```|$)|`[^`\n]*`/g, ' ');
  for (const m of text.matchAll(new RegExp(LINK_SOURCE, 'g'))) {
    const url = safeUrl((m[2] ?? m[3])!);
    if (!url) continue;
    let title = m[1]?.replace(/[*`]/g, '').trim();
    if (title && isCitation(title)) title = undefined;
    const seen = byUrl.get(url);
    if (!seen) byUrl.set(url, title ? { url, title } : { url });
    else if (!seen.title && title) seen.title = title;
  }
  return [...byUrl.values()];
}
