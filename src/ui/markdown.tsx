/**
 * Safe markdown for answers, rendered to Preact vnodes (never to HTML strings): paragraphs, line
 * breaks, **bold**, *em* and _em_, `code`, fenced code blocks, "-", "*" and "1." lists, # headings (as bold),
 * [text](url) links and bare http(s) URLs. Links only for http(s)/mailto; anything else is text.
 */
import { Component, type ComponentChildren, type VNode } from 'preact';
import { LINK_SOURCE, safeUrl } from '../chat/extract-links.ts';

const FENCE = /^\s*```/;
const CLOSE = /^\s*```\s*$/;
const HEADING = /^\s*#{1,6}\s+(.*)/;
const HR = /^\s*([-*_])(\s*\1){2,}\s*$/;
const ITEM = /^\s*([-*+]|(\d{1,9})[.)])\s+/;
// 1 code | 2 link text, 3 url | 4 bare url | 5,6 bold | 7,8 em | line break
const INLINE = new RegExp(
  '`([^`\\n]+)`|' + LINK_SOURCE + '|\\*\\*([^\\n]+?)\\*\\*|__([^\\n]+?)__|\\*([^*\\s](?:[^*\\n]*[^*\\s])?)\\*|\\b_([^_\\s](?:[^_\\n]*[^_\\s])?)_\\b|\\n',
  'g',
);

/** Inline markup to children; inside link text (`inLink`) nothing becomes a link again. */
export function inline(src: string, inLink?: boolean): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of src.matchAll(INLINE)) {
    const [all, code, text, url, bare, b1, b2, e1, e2] = m;
    if (m.index > last) out.push(src.slice(last, m.index));
    last = m.index + all.length;
    if (code) out.push(<code>{code}</code>);
    else if (text || bare) {
      const href = !inLink && safeUrl((url ?? bare)!);
      const label = text ? inline(text, true) : bare;
      out.push(
        href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {label}
          </a>
        ) : (
          label
        ),
      );
    } else if (b1 || b2) out.push(<strong>{inline((b1 ?? b2)!, inLink)}</strong>);
    else if (e1 || e2) out.push(<em>{inline((e1 ?? e2)!, inLink)}</em>);
    else out.push(<br />);
  }
  if (last < src.length) out.push(src.slice(last));
  return out;
}

/** Splits markdown into block sources (fenced code, list, heading, rule, paragraph); an unclosed fence runs to the end. */
export function splitBlocks(src: string): string[] {
  const blocks: string[] = [];
  let cur: string[] = [];
  let kind = '';
  const flush = () => {
    if (cur.length) blocks.push(cur.join('\n'));
    cur = [];
    kind = '';
  };
  for (const line of src.split(/\r?\n/)) {
    if (kind == 'f') {
      cur.push(line);
      if (CLOSE.test(line)) flush();
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const k = FENCE.test(line) ? 'f' : HEADING.test(line) || HR.test(line) ? 'h' : ITEM.test(line) || kind == 'l' ? 'l' : 'p';
    if (k != kind || k == 'h') flush();
    kind = k;
    cur.push(line);
  }
  flush();
  return blocks;
}

/** One block source (from splitBlocks) to a vnode. */
export function renderBlock(src: string): VNode {
  const lines = src.split('\n');
  const first = lines[0]!;
  if (FENCE.test(first)) {
    const body = lines.slice(1);
    if (body.length && CLOSE.test(body[body.length - 1]!)) body.pop();
    // Focusable, so a long line can be scrolled from the keyboard (WCAG 2.1.1).
    return (
      <pre tabIndex={0}>
        <code>{body.join('\n')}</code>
      </pre>
    );
  }
  const h = HEADING.exec(first);
  if (h)
    return (
      <p>
        <strong>{inline(h[1]!)}</strong>
      </p>
    );
  if (HR.test(first)) return <hr />;
  const start = ITEM.exec(first);
  if (start) {
    const items: string[] = [];
    for (const l of lines) {
      const m = ITEM.exec(l);
      if (m) items.push(l.slice(m[0].length));
      else items[items.length - 1] += '\n' + l.trim();
    }
    const lis = items.map((t) => <li>{inline(t)}</li>);
    const n = start[2];
    return n ? <ol start={+n == 1 ? undefined : +n}>{lis}</ol> : <ul>{lis}</ul>;
  }
  return <p>{inline(src)}</p>;
}

/** The whole answer as vnodes (pure; what <Markdown> renders). */
export function renderMarkdown(src: string): VNode[] {
  return splitBlocks(src).map(renderBlock);
}

/** Re-renders only changed blocks, so long streamed answers stay cheap. */
class Block extends Component<{ src: string }> {
  override shouldComponentUpdate(next: { src: string }) {
    return next.src != this.props.src;
  }
  override render() {
    return renderBlock(this.props.src);
  }
}

export function Markdown({ text }: { text: string }) {
  return (
    <>
      {splitBlocks(text).map((src, i) => (
        <Block key={i} src={src} />
      ))}
    </>
  );
}
