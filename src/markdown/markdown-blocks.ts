/**
 * Block markdown (paragraphs, ATX headings, rules, fenced code with its language, block quotes,
 * nested lists, GFM tables) to a small tree, in time linear in the text: lines are classified by
 * looking at their start only (markdown-lines.ts), each nesting level visits each line a bounded
 * number of times, and nesting is capped at MAX_DEPTH
 * (deeper markers are text), so 20,000 `>` or a staircase of list items cost as much as prose.
 */
import { step } from './markdown-steps.ts';
import { blank, cells, closes, dedent, fence, heading, indent, interrupts, isRule, marker, quote, tableAt, unquote, type Align, type Marker } from './markdown-lines.ts';

export type { Align } from './markdown-lines.ts';
export type Block =
  | { t: 'p'; text: string }
  | { t: 'h'; level: number; text: string }
  | { t: 'hr' }
  | { t: 'code'; lang: string; text: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; start: number | null; items: Block[][] }
  | { t: 'table'; align: Align[]; head: string[]; rows: string[][] };

export const MAX_DEPTH = 6;

/** Markdown to blocks; `ranges` (top level only) receives each block's [first, end) line. */
export function parseBlocks(src: string, ranges?: [number, number][]): Block[] {
  return blocks(src.split(/\r?\n/), 0, ranges);
}

function blocks(lines: string[], depth: number, ranges?: [number, number][]): Block[] {
  const out: Block[] = [];
  const L = lines.length;
  const nested = (inner: string[]): Block[] => (depth < MAX_DEPTH ? blocks(inner, depth + 1) : [{ t: 'p', text: inner.join('\n') }]);
  let i = 0;
  while (i < L) {
    step();
    const l = lines[i]!;
    if (blank(l)) {
      i++;
      continue;
    }
    const a = i;
    const f = fence(l);
    const h = heading(l);
    const m = marker(l);
    const align = tableAt(lines, i);
    if (f) {
      const body: string[] = [];
      // An unclosed fence (an answer still streaming) runs to the end.
      while (++i < L && !closes(lines[i]!, f)) {
        step();
        body.push(dedent(lines[i]!, f.ind));
      }
      i++;
      out.push({ t: 'code', lang: f.lang, text: body.join('\n') });
    } else if (isRule(l)) {
      i++;
      out.push({ t: 'hr' });
    } else if (h) {
      i++;
      out.push({ t: 'h', ...h });
    } else if (quote(l)) {
      const inner: string[] = [];
      while (i < L && quote(lines[i]!)) {
        step();
        inner.push(unquote(lines[i++]!));
      }
      out.push({ t: 'quote', c: nested(inner) });
    } else if (m) {
      const items: Block[][] = [];
      let it: Marker | null = m;
      while (it && it.ordered == m.ordered) {
        step();
        const body = [it.rest];
        i++;
        while (i < L) {
          step();
          const x = lines[i]!;
          if (blank(x)) {
            let j = i;
            while (j < L && blank(lines[j]!)) {
              step();
              j++;
            }
            if (j < L && indent(lines[j]!) >= it.w) {
              while (i < j) {
                step();
                body.push(lines[i++]!.trim());
              }
              continue;
            }
            break;
          }
          if (indent(x) >= it.w) body.push(dedent(x, it.w));
          // A lazy continuation line of the item's paragraph.
          else if (!blank(body[body.length - 1]!) && !interrupts(lines, i) && !marker(x)) body.push(x.trim());
          else break;
          i++;
        }
        items.push(nested(body));
        let j = i;
        while (j < L && blank(lines[j]!)) {
          step();
          j++;
        }
        it = j < L ? marker(lines[j]!) : null;
        if (it && it.ordered == m.ordered) i = j;
      }
      out.push({ t: 'list', start: m.ordered ? m.start : null, items });
    } else if (align) {
      const head = cells(l);
      const rows: string[][] = [];
      i += 2;
      while (i < L && !blank(lines[i]!) && lines[i]!.includes('|') && !interrupts(lines, i)) {
        step();
        const row = cells(lines[i++]!).slice(0, head.length);
        while (row.length < head.length) {
          step();
          row.push('');
        }
        rows.push(row);
      }
      out.push({ t: 'table', align, head, rows });
    } else {
      const para = [l.trim()];
      while (++i < L && !blank(lines[i]!) && !interrupts(lines, i)) {
        step();
        para.push(lines[i]!.trim());
      }
      out.push({ t: 'p', text: para.join('\n') });
    }
    ranges?.push([a, i]);
  }
  return out;
}
