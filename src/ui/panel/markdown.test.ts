import { describe, expect, it } from 'vitest';
import type { VNode } from 'preact';
import { Markdown, PIECE, pieces, renderMarkdown, type MarkdownActions } from './markdown.tsx';

type El = VNode<Record<string, unknown>>;
const actions: MarkdownActions = { copyCode() {}, openLink() {}, copyCodeLabel: 'Copy code', copiedLabel: 'Copied' };

/** All element vnodes of a tree, depth first (components are expanded by calling them with their props). */
function elements(c: unknown, out: El[] = []): El[] {
  if (Array.isArray(c)) for (const x of c) elements(x, out);
  else if (c && typeof c == 'object' && 'type' in c) {
    const v = c as El;
    // Components (hooks): CodeBlock's props are checked below; ScrollTable's children are walked.
    if (typeof v.type == 'function') return elements(v.props.children, out);
    out.push(v);
    elements(v.props.children, out);
  }
  return out;
}
function text(c: unknown): string {
  if (Array.isArray(c)) return c.map(text).join('');
  if (typeof c == 'string' || typeof c == 'number') return String(c);
  if (c && typeof c == 'object' && 'props' in c) return text((c as El).props.children);
  return '';
}
const md = (s: string) => renderMarkdown(s, actions);
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
    expect(tags('***both***')).toEqual(['p', 'em', 'strong']);
    expect(tags('snake_case_name and 2 * 3 * 4')).toEqual(['p']);
    expect(text(md('`**not bold**`'))).toBe('**not bold**');
    expect(text(md('``a ` b``'))).toBe('a ` b');
    expect(text(md('\\*not em\\*'))).toBe('*not em*');
  });

  it('renders fenced code blocks as code blocks with their language, even unclosed while streaming', () => {
    const tree = md('Run:\n```sh\nnpm i **x** [a](https://x.example)\n\n<b>hi</b>\n```\nDone');
    expect(tree.map((v) => v.type)).toEqual(['p', expect.any(Function), 'p']);
    expect(tree[1]!.props).toMatchObject({ lang: 'sh', code: 'npm i **x** [a](https://x.example)\n\n<b>hi</b>' });
    expect(md('```\nstill typing')[0]!.props).toMatchObject({ lang: '', code: 'still typing' });
    expect(md('~~~js\nx\n~~~')[0]!.props).toMatchObject({ lang: 'js', code: 'x' });
  });

  it('renders nested lists, ordered starts and lazy lines', () => {
    const tree = md('Steps:\n1. Open **Settings**\n2. Click [Save](https://x.example/save)\n   and wait\n\n- a\n  - a1\n    - a2\n- b\n\n3) three');
    expect(tree.map((v) => v.type)).toEqual(['p', 'ol', 'ul', 'ol']);
    expect(elements(tree[1]).filter((e) => e.type == 'li').map(text)).toEqual(['Open Settings', 'Click Saveand wait']);
    expect(tree[1]!.props).not.toHaveProperty('start', 1);
    expect(tags('- a\n  - a1\n    - a2\n- b')).toEqual(['ul', 'li', 'p', 'ul', 'li', 'p', 'ul', 'li', 'p', 'li', 'p']);
    expect((tree[3] as El).props.start).toBe(3);
  });

  it('renders headings from h3, quotes, rules and tables with alignment classes', () => {
    expect(tags('# Title\n## Sub\n### Part\ntext\n\n---')).toEqual(['h3', 'h3', 'h4', 'p', 'hr']);
    expect(tags('> quoted **bold**\n> > nested')).toEqual(['blockquote', 'p', 'strong', 'blockquote', 'p']);
    const t = md('| Plan | Price |\n|:--|--:|\n| Free | `0` |\n| Pro \\| team | 10 |');
    expect(tags('| a | b |\n|---|---|\n| 1 | 2 |')).toEqual(['table', 'thead', 'tr', 'th', 'th', 'tbody', 'tr', 'td', 'td']);
    expect((md('| a |\n|---|\n| 1 |')[0]!.type as { name: string }).name).toBe('ScrollTable');
    const cells = elements(t).filter((e) => e.type == 'td' || e.type == 'th');
    expect(cells.map(text)).toEqual(['Plan', 'Price', 'Free', '0', 'Pro | team', '10']);
    expect(cells.map((c) => c.props.class)).toEqual(['al-l', 'al-r', 'al-l', 'al-r', 'al-l', 'al-r']);
  });

  it('renders safe links with target and rel', () => {
    expect(links('[Docs](https://docs.example.com/a "The docs") and https://example.com/b. Or [mail](mailto:help@example.com) <https://c.example/>')).toEqual([
      { href: 'https://docs.example.com/a', text: 'Docs', target: '_blank', rel: 'noopener noreferrer' },
      { href: 'https://example.com/b', text: 'https://example.com/b', target: '_blank', rel: 'noopener noreferrer' },
      { href: 'mailto:help@example.com', text: 'mail', target: '_blank', rel: 'noopener noreferrer' },
      { href: 'https://c.example/', text: 'https://c.example/', target: '_blank', rel: 'noopener noreferrer' },
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
    // The outer brackets are text (CommonMark); the address in them is a bare URL, not a link around a link.
    expect(links('[outer [inner](https://i.example/) x](https://o.example/)').map((l) => [l.href, l.text])).toEqual([
      ['https://i.example/', 'inner'],
      ['https://o.example/', 'https://o.example/'],
    ]);
  });

  it('keeps HTML as literal text strings', () => {
    const src = '<img src=x onerror=alert(1)> <script>alert(1)</script>';
    const tree = md(src);
    expect(tags(src)).toEqual(['p']);
    expect(text(tree)).toBe(src);
    expect(JSON.stringify(tree)).not.toContain('dangerouslySetInnerHTML');
  });

  it('<Markdown> parses again only when its text or its labels changed: the other renders of the chat (a delta of another answer, the delivery count) skip it', () => {
    const m = new Markdown({ text: 'Some **answer**', actions });
    expect(m.shouldComponentUpdate({ text: 'Some **answer**', actions: { ...actions, openLink() {}, copyCode() {} } })).toBe(false);
    expect(m.shouldComponentUpdate({ text: 'Some **answer**, longer', actions })).toBe(true);
    expect(m.shouldComponentUpdate({ text: 'Some **answer**', actions: { ...actions, copyCodeLabel: 'Code kopieren' } })).toBe(true);
  });

  it('a paragraph longer than PIECE is parsed in pieces whose cuts never move as the text grows (each render of a streaming answer parses only its last piece)', () => {
    const words = Array.from({ length: 12_000 }, (_, i) => (i % 7 ? 'word' : '**bold**')).join(' ');
    const all = pieces(words);
    expect(all.join('')).toBe(words);
    expect(all.length).toBeGreaterThanOrEqual(Math.floor(words.length / PIECE));
    for (const p of all.slice(0, -1)) expect(p.length).toBeLessThanOrEqual(PIECE + 10);
    // Any prefix (the answer earlier in the stream) has the same pieces but its last.
    for (let n = PIECE - 3; n < words.length; n += 997) {
      const early = pieces(words.slice(0, n));
      expect(early.slice(0, -1)).toEqual(all.slice(0, early.length - 1));
    }
    // A run without spaces is cut anyway, once the next PIECE characters have no space, stably too.
    const run = 'x'.repeat(5 * PIECE + 1);
    expect(pieces(run).map((p) => p.length)).toEqual([2 * PIECE, 2 * PIECE, PIECE + 1]);
    for (let n = 1; n < run.length; n += 1_999) expect(pieces(run.slice(0, n)).slice(0, -1)).toEqual(pieces(run).slice(0, pieces(run.slice(0, n)).length - 1));
    // Rendered: one paragraph, a memoized piece each, the same text.
    const [p] = md(words) as El[];
    expect(p!.type).toBe('p');
    expect((p!.props.children as VNode[]).length).toBe(all.length);
    expect(md('short **one**').map((v) => v.type)).toEqual(['p']);
  });
});
