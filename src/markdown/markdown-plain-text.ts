/** What the visitor reads of an answer, as plain text for "Copy answer": no markdown syntax, code kept as written. */
import { parseBlocks, type Block } from './markdown-blocks.ts';
import { parseInline, type Inline } from './markdown-inline.ts';
import { step } from './markdown-steps.ts';

/** Inline text; a link keeps its address after its text, since a pasted answer has no links. (Nesting is capped by the parser: recursion is safe.) */
export function inlineText(nodes: Inline[]): string {
  let out = '';
  for (const n of nodes) {
    step();
    if (typeof n == 'string') out += n;
    else if (n.t == 'code') out += n.v;
    else if (n.t == 'br') out += '\n';
    else {
      const label = inlineText(n.c);
      out += n.t == 'a' && label != n.href && label != n.href.replace(/^mailto:/i, '') ? `${label} (${n.href})` : label;
    }
  }
  return out;
}

function blockText(b: Block, pad: string): string {
  const t = (s: string) => inlineText(parseInline(s));
  switch (b.t) {
    case 'p':
    case 'h':
      return t(b.text);
    case 'hr':
      return '';
    case 'code':
      return b.text;
    case 'quote':
      return blocksText(b.c, pad);
    case 'list':
      return b.items.map((item, k) => pad + (b.start === null ? '• ' : `${b.start + k}. `) + blocksText(item, pad + '  ').trimStart()).join('\n');
    case 'table':
      return [b.head, ...b.rows].map((r) => r.map(t).join('\t')).join('\n');
  }
}

function blocksText(blocks: Block[], pad: string): string {
  return blocks
    .map((b) => blockText(b, pad))
    .filter((s) => s)
    .join(pad ? '\n' : '\n\n');
}

export const plainText = (markdown: string): string => blocksText(parseBlocks(markdown), '');
