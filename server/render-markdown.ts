/**
 * Markdown to HTML for the site's pages, with `marked`: headings get ids (the same slugs the
 * answerer links to), links go through `linkFor` (rewritten to the site's HTML pages, or shown as
 * text when the site does not serve the target), and raw HTML in the markdown is shown as text,
 * never passed through: the pages run under a strict CSP and these files are not trusted to be
 * careful. HTML comments (the docs' `<!-- snippet: ... -->` markers) are dropped.
 */
import { Marked, type Tokens } from 'marked';
import { createSlugger, plainText } from './heading-slug.ts';

export interface RenderedMarkdown {
  html: string;
  /** Text of the first level-1 heading, or '' when there is none. */
  title: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export function renderMarkdown(markdown: string, linkFor: (href: string) => string | null): RenderedMarkdown {
  const slugger = createSlugger();
  let title = '';
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading({ tokens, depth }: Tokens.Heading) {
        const text = plainText(tokens);
        if (depth === 1 && !title) title = text;
        return `<h${depth} id="${escapeHtml(slugger(text))}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      link({ href, title: hint, tokens }: Tokens.Link) {
        const label = this.parser.parseInline(tokens);
        const target = linkFor(href);
        if (target === null) return label;
        const external = /^https?:/i.test(target);
        return `<a href="${escapeHtml(target)}"${hint ? ` title="${escapeHtml(hint)}"` : ''}${external ? ' rel="noopener noreferrer"' : ''}>${label}</a>`;
      },
      image({ href, text }: Tokens.Image) {
        const src = linkFor(href);
        return src === null || /^mailto:/i.test(src) ? escapeHtml(text) : `<img src="${escapeHtml(src)}" alt="${escapeHtml(text)}">`;
      },
      html({ text, block }: Tokens.HTML | Tokens.Tag) {
        if (/^\s*<!--(?:(?!-->)[^])*-->\s*$/.test(text)) return '';
        return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
      },
    },
  });
  // Code blocks and tables scroll sideways when wide: focusable, so keyboards can scroll them
  // too (WCAG 2.1.1; axe's scrollable-region-focusable). Text is escaped, so these are tags.
  const html = marked.parse(markdown, { async: false }).replaceAll('<pre>', '<pre tabindex="0">').replaceAll('<table>', '<table tabindex="0">');
  return { html, title };
}
