/**
 * A source from a backend's own shape (Inkeep's provideLinks link, an AI SDK source) as an answer
 * part, or undefined: only http(s) URLs (a `javascript:` or `data:` source never becomes a card),
 * text fields as trimmed strings of bounded length (anything else is left out), at most 8
 * breadcrumbs. Untrusted input: nothing here throws.
 */
import type { AnswerPart } from '../../widget-core/widget-types.ts';
import { safeUrl } from '../extract-links.ts';

const text = (v: unknown, max = 300): string | undefined => (typeof v == 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

export function sourcePart(raw: unknown): AnswerPart | undefined {
  const o = (raw && typeof raw == 'object' ? raw : Object.create(null)) as Record<string, unknown>;
  const url = typeof o.url == 'string' && o.url.length < 2049 ? safeUrl(o.url.trim()) : null;
  if (!url?.startsWith('http')) return;
  const crumbs = Array.isArray(o.breadcrumbs) ? o.breadcrumbs.slice(0, 8).map((c) => text(c)!).filter((c) => c) : [];
  return { type: 'source', url, title: text(o.title), description: text(o.description, 1000), breadcrumbs: crumbs.length ? crumbs : undefined };
}
