import { describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import { renderMarkdown, splitBlocks } from './markdown.tsx';

type El = VNode<Record<string, unknown>>;

/** All element vnodes of a tree, depth first. */
function elements(c: unknown, out: El[] = []): El[] {
  if (Array.isArray(c)) for (const x of c) elements(x, out);
  else if (c && typeof c == 'object' && 'type' in c) {
    out.push(c as El);
    elements((c as El).props.children, out);
  }
  return out;
}
/** The text content of a tree. */
function text(c: unknown): string {
  if (Array.isArray(c)) return c.map(text).join('');
  if (typeof c == 'string' || typeof c == 'number') return String(c);
  if (c && typeof c == 'object' && 'props' in c) return text((c as El).props.children);
  return '';
}
const md = (s: string) => renderMarkdown(s);
const tags = (s: string) => elements(md(s)).map((e) => e.type);
const links = (s: string) =>
  elements(md(s))
    .filter((e) => e.type == 'a')
    .map((a) => ({ href: a.props.href, text: text(a), target: a.props.target, rel: a.props.rel }));

describe('renderMarkdown', () => {
  it('renders paragraphs and line breaks', () => {
    const tree = md('First line\nsecond line\n\nNext paragraph');
    expect(tree.map((v) => v.type)).toEqual(['p', 'p']);
    expect(tags('a\nb')).toEqual(['p', 'br']);
    expect(text(tree)).toBe('First linesecond lineNext paragraph');
  });

  it('renders bold, emphasis and inline code', () => {
    expect(tags('**b** *e* _u_ `c`')).toEqual(['p', 'strong', 'em', 'em', 'code']);
    expect(tags('**bold with *em* inside**')).toEqual(['p', 'strong', 'em']);
    expect(tags('snake_case_name and 2 * 3 * 4')).toEqual(['p']);
    expect(text(md('`**not bold**`'))).toBe('**not bold**');
  });

  it('renders fenced code blocks verbatim, even unclosed while streaming', () => {
    const tree = md('Run:\n```sh\nnpm i **x** [a](https://x.example)\n\n<b>hi</b>\n```\nDone');
    expect(tree.map((v) => v.type)).toEqual(['p', 'pre', 'p']);
    const code = elements(tree[1]).find((e) => e.type == 'code')!;
    expect(code.props.children).toBe('npm i **x** [a](https://x.example)\n\n<b>hi</b>');
    expect(md('```\nstill typing').map((v) => v.type)).toEqual(['pre']);
    expect(text(md('```js\nstill typing'))).toBe('still typing');
  });

  it('renders unordered and ordered lists', () => {
    const tree = md('Steps:\n1. Open **Settings**\n2. Click [Save](https://x.example/save)\n   and wait\n\n- a\n* b\n\n3) three');
    expect(tree.map((v) => v.type)).toEqual(['p', 'ol', 'ul', 'ol']);
    expect(elements(tree[1]).filter((e) => e.type == 'li').map(text)).toEqual(['Open Settings', 'Click Saveand wait']);
    expect(tree[1]!.props).not.toHaveProperty('start', 1);
    expect(elements(tree[2]).filter((e) => e.type == 'li').map(text)).toEqual(['a', 'b']);
    expect((tree[3] as El).props.start).toBe(3);
  });

  it('renders safe links with target and rel', () => {
    expect(links('[Docs](https://docs.example.com/a) and https://example.com/b. Or [mail](mailto:help@example.com)')).toEqual([
      { href: 'https://docs.example.com/a', text: 'Docs', target: '_blank', rel: 'noopener noreferrer' },
      { href: 'https://example.com/b', text: 'https://example.com/b', target: '_blank', rel: 'noopener noreferrer' },
      { href: 'mailto:help@example.com', text: 'mail', target: '_blank', rel: 'noopener noreferrer' },
    ]);
  });

  it('renders links with any other scheme as plain text', () => {
    for (const url of ['javascript:alert(1)', 'javascript:alert%281%29', 'JAVASCRIPT:void(0)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox', '/relative']) {
      const src = `[click me](${url})`;
      expect(links(src), url).toEqual([]);
      expect(text(md(src)), url).toContain('click me');
    }
  });

  it('does not nest links inside link text', () => {
    expect(links('[see https://a.example/](https://b.example/)')).toEqual([
      { href: 'https://b.example/', text: 'see https://a.example/', target: '_blank', rel: 'noopener noreferrer' },
    ]);
  });

  it('keeps HTML as literal text strings', () => {
    const src = '<img src=x onerror=alert(1)> <script>alert(1)</script>';
    const tree = md(src);
    expect(tags(src)).toEqual(['p']);
    expect(tree[0]!.props.children).toEqual([src]);
    expect(JSON.stringify(tree)).not.toContain('dangerouslySetInnerHTML');
  });

  it('renders headings as bold paragraphs and rules as hr', () => {
    expect(tags('## Title\ntext\n\n---')).toEqual(['p', 'strong', 'p', 'hr']);
  });

  it('is linear enough for long streamed answers', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `Line ${i} with **bold**, \`code\` and https://x.example/${i}`).join('\n');
    const t = performance.now();
    const blocks = splitBlocks(long);
    expect(elements(md(long)).filter((e) => e.type == 'a')).toHaveLength(2000);
    expect(blocks).toHaveLength(1);
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
