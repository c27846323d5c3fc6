/**
 * Cuts a page into passages for the answerer: each section (the text under a `##` or `###`
 * heading, or the page's introduction) in pieces of a few paragraphs, as markdown the widget can
 * show (it renders paragraphs, lists, code and emphasis, not tables or quotes: tables become
 * lists). Passages carry no links, so the only links in an answer are its sources, in order.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { createSlugger, plainText } from './heading-slug.ts';

export interface Passage {
  /** Page URL path plus `#anchor` of the section (none for the introduction). */
  url: string;
  /** The page's `#` heading. */
  page: string;
  /** The section's headings, outermost first (`Troubleshooting` has none for its introduction). */
  section: string[];
  /** What the answer shows. */
  markdown: string;
  /** Its place in the page (0 first): guides put the most common case first. */
  order: number;
}

/** Passages are cut at block boundaries once they pass this many characters. */
export const PASSAGE_CHARS = 700;

/** Inline tokens back to markdown, with links reduced to their text (a bare URL to code). */
function inlineMarkdown(tokens: readonly Token[] | undefined): string {
  return (tokens ?? [])
    .map((t): string => {
      switch (t.type) {
        case 'link':
          // A bare URL stays visible, as code, so that it is not taken for a source.
          return (t as Tokens.Link).autolink ? `\`${(t as Tokens.Link).text}\`` : inlineMarkdown(t.tokens);
        case 'image':
          return '';
        case 'strong':
          return `**${inlineMarkdown(t.tokens)}**`;
        case 'em':
          return `*${inlineMarkdown(t.tokens)}*`;
        case 'del':
          return inlineMarkdown(t.tokens);
        case 'br':
          return '\n';
        case 'html':
          return '';
        case 'text':
          return t.tokens?.length ? inlineMarkdown(t.tokens) : t.raw;
        default:
          return t.raw;
      }
    })
    .join('');
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** Block tokens to the pieces a passage is made of; list items and table rows are pieces of their own. */
function pieces(token: Token): string[] {
  switch (token.type) {
    case 'paragraph':
      return [oneLine(inlineMarkdown(token.tokens))];
    case 'heading':
      return [`**${oneLine(inlineMarkdown(token.tokens))}**`];
    case 'blockquote':
      return (token as Tokens.Blockquote).tokens.flatMap(pieces);
    case 'code':
      return [`\`\`\`${(token as Tokens.Code).lang ?? ''}\n${(token as Tokens.Code).text}\n\`\`\``];
    case 'list': {
      const list = token as Tokens.List;
      const first = typeof list.start === 'number' ? list.start : 1;
      return list.items.map((item, i) => `${list.ordered ? `${first + i}.` : '-'} ${oneLine(item.tokens.map((t) => ('tokens' in t ? inlineMarkdown(t.tokens) : t.raw)).join(' '))}`);
    }
    case 'table': {
      const table = token as Tokens.Table;
      const head = table.header.map((h) => oneLine(inlineMarkdown(h.tokens)));
      return table.rows.map((row) => {
        const cells = row.map((c) => oneLine(inlineMarkdown(c.tokens)));
        const rest = cells.slice(1).map((c, i) => (c && c !== '—' ? `${head[i + 1]}: ${c}` : '')).filter(Boolean);
        return `- **${cells[0]}**${rest.length ? ` (${rest.join('; ')})` : ''}`;
      });
    }
    default:
      return []; // html (comments, raw markup), hr, space, link definitions
  }
}

const isItem = (piece: string) => /^(-|\d+\.) /.test(piece);

/** Pieces to markdown: consecutive list items stay one list. */
function join(parts: string[]): string {
  return parts.reduce((md, p, i) => (i === 0 ? p : md + (isItem(p) && isItem(parts[i - 1]!) ? '\n' : '\n\n') + p), '');
}

export function splitPassages(markdown: string, pageUrl: string): Passage[] {
  const slugger = createSlugger();
  const out: Passage[] = [];
  let page = '';
  let section: string[] = [];
  let url = pageUrl;
  let parts: string[] = [];
  const flush = () => {
    if (parts.length) out.push({ url, page, section, markdown: join(parts), order: out.length });
    parts = [];
  };
  for (const token of new Lexer({ gfm: true }).lex(markdown)) {
    if (token.type === 'heading' && token.depth <= 3) {
      const text = plainText(token.tokens);
      const id = slugger(text);
      flush();
      if (token.depth === 1) page ||= text;
      else {
        section = token.depth === 2 ? [text] : [section[0] ?? '', text].filter(Boolean);
        url = `${pageUrl}#${id}`;
      }
      continue;
    }
    for (const piece of pieces(token)) {
      const size = parts.reduce((n, p) => n + p.length, 0);
      if (parts.length && size + piece.length > PASSAGE_CHARS) flush();
      parts.push(piece);
    }
  }
  flush();
  return out.map((p) => ({ ...p, page: p.page || page }));
}
