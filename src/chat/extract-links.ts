import type { Link } from '../core/schema.ts';
import { parseBlocks, type Block } from '../markdown/markdown-blocks.ts';
import { parseInline, type Inline } from '../markdown/markdown-inline.ts';
import { inlineText } from '../markdown/markdown-plain-text.ts';

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

/**
 * The pages a markdown answer cites (outside code), de-duplicated by URL: its sources. Link text as
 * title (a citation marker is none); a link's own title (`[Rotate a key](url "API keys")`) says where
 * the page sits, shown on its source card as its path (`breadcrumbs`). Only http(s): an email address
 * is a way to reach someone, not a source (the text still links it). Read with the panel's own Markdown parser (src/markdown), which is
 * linear in the text in every engine: the regular expression this replaces took 1.6 s on 60,000
 * adversarial characters.
 */
export function extractLinks(markdown: string): Link[] {
  const byUrl = new Map<string, Link>();
  const inline = (nodes: Inline[]): void => {
    for (const n of nodes) {
      if (typeof n == 'string' || n.t == 'code' || n.t == 'br') continue;
      if (n.t != 'a') {
        inline(n.c);
        continue;
      }
      const url = safeUrl(n.href);
      if (!url?.startsWith('http')) continue;
      const text = inlineText(n.c).trim();
      const title = text && text != n.href && !isCitation(text) ? text : undefined;
      const seen = byUrl.get(url);
      const where = n.title?.trim();
      if (!seen) byUrl.set(url, { url, ...(title ? { title } : {}), ...(where ? { breadcrumbs: [where] } : {}) });
      else if (!seen.title && title) seen.title = title;
    }
  };
  const blocks = (list: Block[]): void => {
    for (const b of list) {
      if (b.t == 'p' || b.t == 'h') inline(parseInline(b.text));
      else if (b.t == 'quote') blocks(b.c);
      else if (b.t == 'list') b.items.forEach(blocks);
      else if (b.t == 'table') [b.head, ...b.rows].forEach((r) => r.forEach((c) => inline(parseInline(c))));
    }
  };
  blocks(parseBlocks(markdown));
  return [...byUrl.values()];
}
