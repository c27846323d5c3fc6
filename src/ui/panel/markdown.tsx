/**
 * Safe markdown for answers, rendered to Preact vnodes (never to HTML strings): the trees of
 * markdown-blocks.ts and markdown-inline.ts (both linear in the text). Links only for http(s) and
 * mailto, opened in a new tab; anything else, raw HTML included, is text. Headings start at h3
 * (the dialog's title is the h2): # and ## are h3, ### h4 and so on.
 */
import { Component, type ComponentChildren, type VNode } from 'preact';
import { safeUrl } from '../../chat/extract-links.ts';
import { parseBlocks, type Align, type Block } from '../../markdown/markdown-blocks.ts';
import { parseInline, type Inline } from '../../markdown/markdown-inline.ts';
import { inlineText } from '../../markdown/markdown-plain-text.ts';
import { CodeBlock, type CodeBlockActions } from './code-block.tsx';
import { ScrollTable } from './scroll-table.tsx';

/** What the visitor does inside an answer, for the widget's events. */
export interface MarkdownActions extends CodeBlockActions {
  openLink(title: string, url: string): void;
}

function inline(nodes: Inline[], a: MarkdownActions): ComponentChildren[] {
  return nodes.map((n) => {
    if (typeof n == 'string') return n;
    if (n.t == 'code') return <code>{n.v}</code>;
    if (n.t == 'br') return <br />;
    if (n.t == 'a') {
      const href = safeUrl(n.href);
      const label = inline(n.c, a);
      return href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" onClick={() => a.openLink(inlineText(n.c), href)}>
          {label}
        </a>
      ) : (
        label
      );
    }
    const Tag = n.t;
    return <Tag>{inline(n.c, a)}</Tag>;
  });
}

const alignClass = (x: Align) => (x ? `al-${x}` : undefined);

/**
 * A paragraph longer than this (never one in a real answer; an untrusted one can be all one) is
 * parsed in pieces cut at the first space past each PIECE characters: a cut depends only on the text
 * up to it, so while the answer streams, each render parses only the last piece (about 5 ms at
 * most here), not the whole paragraph (about 100 ms at 200,000 characters, measured in Node).
 */
export const PIECE = 10_000;
export function pieces(text: string): string[] {
  const out: string[] = [];
  for (let at = 0; ; ) {
    // The first space in the next PIECE characters; without one, a hard cut once they are all there.
    const space = text.indexOf(' ', at + PIECE);
    const cut = space >= 0 && space < at + 2 * PIECE ? space + 1 : text.length > at + 2 * PIECE ? at + 2 * PIECE : 0;
    if (!cut) return [...out, text.slice(at)];
    out.push(text.slice(at, cut));
    at = cut;
  }
  return out;
}

class MemoInline extends Component<{ src: string; a: MarkdownActions }> {
  override shouldComponentUpdate(next: { src: string }) {
    return next.src != this.props.src;
  }
  override render() {
    return <>{inline(parseInline(this.props.src), this.props.a)}</>;
  }
}

export function renderBlock(b: Block, a: MarkdownActions): VNode {
  const text = (s: string) => inline(parseInline(s), a);
  const all = (bs: Block[]) => bs.map((x) => renderBlock(x, a));
  switch (b.t) {
    case 'p':
      return <p>{b.text.length > PIECE ? pieces(b.text).map((src) => <MemoInline src={src} a={a} />) : text(b.text)}</p>;
    case 'h': {
      // Answers start their sections at ## as often as at #: both are the answer's top level, h3.
      const Tag = `h${Math.min(6, Math.max(3, b.level + 1))}` as 'h3';
      return <Tag>{text(b.text)}</Tag>;
    }
    case 'hr':
      return <hr />;
    case 'code':
      return <CodeBlock lang={b.lang} code={b.text} actions={a} />;
    case 'quote':
      return <blockquote>{all(b.c)}</blockquote>;
    case 'list': {
      const items = b.items.map((item) => <li>{all(item)}</li>);
      return b.start === null ? <ul>{items}</ul> : <ol start={b.start == 1 ? undefined : b.start}>{items}</ol>;
    }
    case 'table':
      return (
        <ScrollTable>
          <table>
            <thead>
              <tr>
                {b.head.map((c, k) => (
                  <th class={alignClass(b.align[k]!)}>{text(c)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r) => (
                <tr>
                  {r.map((c, k) => (
                    <td class={alignClass(b.align[k]!)}>{text(c)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      );
  }
}

/** The whole answer as vnodes (pure; what <Markdown> renders). */
export function renderMarkdown(src: string, a: MarkdownActions): VNode[] {
  return parseBlocks(src).map((b) => renderBlock(b, a));
}

interface BlockProps {
  src: string;
  block: Block;
  actions: MarkdownActions;
}
/** Re-renders only changed blocks, so long streamed answers stay cheap. */
class MemoBlock extends Component<BlockProps> {
  override shouldComponentUpdate(next: BlockProps) {
    return next.src != this.props.src;
  }
  override render() {
    return renderBlock(this.props.block, this.props.actions);
  }
}

interface MarkdownProps {
  text: string;
  actions: MarkdownActions;
}
/**
 * An answer's Markdown, parsed again only when its text changed: the panel renders on every change
 * of the chat (a streamed delta, the delivery count), and a long answer's parse is the costly part.
 */
export class Markdown extends Component<MarkdownProps> {
  override shouldComponentUpdate({ text, actions: a }: MarkdownProps) {
    const { copyCodeLabel, copiedLabel } = this.props.actions;
    // The actions' callbacks do the same each render; their labels change with the language.
    return text != this.props.text || a.copyCodeLabel != copyCodeLabel || a.copiedLabel != copiedLabel;
  }
  override render({ text, actions }: MarkdownProps) {
    const ranges: [number, number][] = [];
    const blocks = parseBlocks(text, ranges);
    const lines = text.split(/\r?\n/);
    return (
      <>
        {blocks.map((b, i) => (
          <MemoBlock key={i} src={lines.slice(...ranges[i]!).join('\n')} block={b} actions={actions} />
        ))}
      </>
    );
  }
}
