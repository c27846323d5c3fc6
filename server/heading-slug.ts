/**
 * Heading ids shared by the rendered pages (server/render-markdown.ts) and the answerer's
 * passages (server/passages.ts), so an answer's `#anchor` always lands on its section.
 * The same slug rule as e2e/docs.spec.ts checks relative links with (GitHub's, minus unicode
 * letters), so `[x](api.md#errors)` in the docs and `/docs/api#errors` on the server agree.
 */
import type { Token } from 'marked';

/** Text a reader sees in inline tokens: code spans keep their text, links and emphasis their label. */
export function plainText(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((t) => {
      if (t.type === 'image') return '';
      if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length) return plainText(t.tokens as Token[]);
      return 'text' in t && typeof t.text === 'string' ? t.text : '';
    })
    .join('');
}

export function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\w\s-]/g, '').replace(/\s/g, '-');
}

/** One per page: a heading repeated on a page gets `-1`, `-2`, ... as GitHub does. */
export function createSlugger(): (text: string) => string {
  const seen = new Map<string, number>();
  return (text) => {
    const base = slug(text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  };
}
