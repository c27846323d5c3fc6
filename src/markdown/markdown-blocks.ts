/**
 * Block markdown (paragraphs, ATX headings, rules, fenced code with its language, block quotes,
 * nested lists, GFM tables) to a small tree, in time linear in the text: lines are classified by
 * looking at their start only (no regular expression over a whole line that could backtrack), each
 * nesting level visits each line a bounded number of times, and nesting is capped at MAX_DEPTH
 * (deeper markers are text), so 20,000 `>` or a staircase of list items cost as much as prose.
 */

export type Align = 'l' | 'c' | 'r' | null;
export type Block =
  | { t: 'p'; text: string }
  | { t: 'h'; level: number; text: string }
  | { t: 'hr' }
  | { t: 'code'; lang: string; text: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; start: number | null; items: Block[][] }
  | { t: 'table'; align: Align[]; head: string[]; rows: string[][] };

export const MAX_DEPTH = 6;
/** Wider tables are text: every row is padded to the header's width. */
const MAX_COLUMNS = 24;

const blank = (l: string) => !l.trim();
/** Leading spaces (a tab counts 4). */
function indent(l: string): number {
  let n = 0;
  for (const c of l) {
    if (c == ' ') n++;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}
/** Removes up to `w` columns of leading whitespace. */
function dedent(l: string, w: number): string {
  let i = 0;
  let n = 0;
  while (n < w && (l[i] == ' ' || l[i] == '\t')) n += l[i++] == '\t' ? 4 : 1;
  return l.slice(i);
}
/** The line without up to 3 leading spaces, or null when indented more (not a block start). */
function lead(l: string): string | null {
  const n = indent(l);
  return n > 3 ? null : l.trimStart();
}

function fence(l: string): { ch: string; n: number; ind: number; lang: string } | null {
  const s = lead(l);
  const ch = s?.[0];
  if (ch != '`' && ch != '~') return null;
  let n = 0;
  while (s![n] == ch) n++;
  const info = s!.slice(n).trim();
  if (n < 3 || (ch == '`' && info.includes('`'))) return null;
  return { ch, n, ind: indent(l), lang: info.split(/\s/, 1)[0] ?? '' };
}
function closes(l: string, f: { ch: string; n: number }): boolean {
  const s = lead(l);
  if (!s || s[0] != f.ch) return false;
  let n = 0;
  while (s[n] == f.ch) n++;
  return n >= f.n && !s.slice(n).trim();
}

function isRule(l: string): boolean {
  const s = lead(l);
  const ch = s?.[0];
  if (ch != '-' && ch != '*' && ch != '_') return false;
  let n = 0;
  for (const c of s!) {
    if (c == ch) n++;
    else if (c != ' ' && c != '\t') return false;
  }
  return n >= 3;
}

function heading(l: string): { level: number; text: string } | null {
  const s = lead(l);
  if (s?.[0] != '#') return null;
  let level = 0;
  while (s[level] == '#') level++;
  if (level > 6 || (s[level] !== undefined && s[level] != ' ' && s[level] != '\t')) return null;
  let text = s.slice(level).trim();
  // A closing run of #, after a space, is not part of the text.
  let e = text.length;
  while (e > 0 && text[e - 1] == '#') e--;
  if (e == 0 || text[e - 1] == ' ') text = text.slice(0, e).trim();
  return { level, text };
}

const quote = (l: string) => lead(l)?.[0] == '>';
function unquote(l: string): string {
  const s = lead(l)!.slice(1);
  return s[0] == ' ' || s[0] == '\t' ? s.slice(1) : s;
}

interface Marker {
  ordered: boolean;
  start: number;
  /** content indent */
  w: number;
  rest: string;
}
function marker(l: string): Marker | null {
  const ind = indent(l);
  if (ind > 3 || isRule(l)) return null;
  const s = l.trimStart();
  let k = 0;
  let ordered = false;
  if (s[0] == '-' || s[0] == '*' || s[0] == '+') k = 1;
  else {
    while (k < 10 && s[k]! >= '0' && s[k]! <= '9') k++;
    if (k == 0 || k > 9 || (s[k] != '.' && s[k] != ')')) return null;
    ordered = true;
    k++;
  }
  if (s[k] !== undefined && s[k] != ' ' && s[k] != '\t') return null;
  let sp = 0;
  while (sp < 5 && (s[k + sp] == ' ' || s[k + sp] == '\t')) sp++;
  if (sp == 0 || sp == 5 || s[k + sp] === undefined) sp = 1;
  return { ordered, start: ordered ? parseInt(s, 10) : 0, w: ind + k + sp, rest: s.slice(k + sp) };
}

/** Cells of a table row: outer pipes dropped, split on pipes not escaped. */
export function cells(l: string): string[] {
  let s = l.trim();
  if (s[0] == '|') s = s.slice(1);
  if (s[s.length - 1] == '|' && s[s.length - 2] != '\\') s = s.slice(0, -1);
  const out: string[] = [];
  let a = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] == '\\') i++;
    else if (s[i] == '|') {
      out.push(s.slice(a, i).trim());
      a = i + 1;
    }
  }
  out.push(s.slice(a).trim());
  return out;
}
function delimiterRow(l: string | undefined): Align[] | null {
  if (l === undefined || !l.includes('-') || lead(l) === null) return null;
  const row = cells(l);
  const align: Align[] = [];
  for (const c of row) {
    const left = c[0] == ':';
    const right = c[c.length - 1] == ':';
    const dashes = c.slice(left ? 1 : 0, right ? -1 : undefined);
    if (!dashes || [...dashes].some((x) => x != '-')) return null;
    align.push(left && right ? 'c' : right ? 'r' : left ? 'l' : null);
  }
  return align;
}
/** A table starting at line i: a row with a pipe, then a delimiter row of as many cells. */
function tableAt(lines: string[], i: number): Align[] | null {
  if (!lines[i]!.includes('|')) return null;
  const align = delimiterRow(lines[i + 1]);
  return align && align.length <= MAX_COLUMNS && cells(lines[i]!).length == align.length ? align : null;
}

/** Does this line start a block that ends a paragraph? */
function interrupts(lines: string[], i: number): boolean {
  const l = lines[i]!;
  const m = marker(l);
  return !!(fence(l) || isRule(l) || heading(l) || quote(l) || (m && m.rest.trim() && (!m.ordered || m.start == 1)) || tableAt(lines, i));
}

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
      while (++i < L && !closes(lines[i]!, f)) body.push(dedent(lines[i]!, f.ind));
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
      while (i < L && quote(lines[i]!)) inner.push(unquote(lines[i++]!));
      out.push({ t: 'quote', c: nested(inner) });
    } else if (m) {
      const items: Block[][] = [];
      let it: Marker | null = m;
      while (it && it.ordered == m.ordered) {
        const body = [it.rest];
        i++;
        while (i < L) {
          const x = lines[i]!;
          if (blank(x)) {
            let j = i;
            while (j < L && blank(lines[j]!)) j++;
            if (j < L && indent(lines[j]!) >= it.w) {
              while (i < j) body.push(lines[i++]!.trim());
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
        while (j < L && blank(lines[j]!)) j++;
        it = j < L ? marker(lines[j]!) : null;
        if (it && it.ordered == m.ordered) i = j;
      }
      out.push({ t: 'list', start: m.ordered ? m.start : null, items });
    } else if (align) {
      const head = cells(l);
      const rows: string[][] = [];
      i += 2;
      while (i < L && !blank(lines[i]!) && lines[i]!.includes('|') && !interrupts(lines, i)) {
        const row = cells(lines[i++]!).slice(0, head.length);
        while (row.length < head.length) row.push('');
        rows.push(row);
      }
      out.push({ t: 'table', align, head, rows });
    } else {
      const para = [l.trim()];
      while (++i < L && !blank(lines[i]!) && !interrupts(lines, i)) para.push(lines[i]!.trim());
      out.push({ t: 'p', text: para.join('\n') });
    }
    ranges?.push([a, i]);
  }
  return out;
}
