/**
 * One line of block markdown, classified by looking at its start only (no regular expression over
 * a whole line that could backtrack): blank, indent, fence, rule, heading, quote, list marker,
 * table row; each costs at most the line's length (markdown-blocks.ts calls a bounded number of
 * them per line and nesting level).
 */
import { step } from './markdown-steps.ts';

export type Align = 'l' | 'c' | 'r' | null;

/** Wider tables are text: every row is padded to the header's width. */
const MAX_COLUMNS = 24;

export const blank = (l: string) => !l.trim();
/** Leading spaces (a tab counts 4). */
export function indent(l: string): number {
  let n = 0;
  for (const c of l) {
    step();
    if (c == ' ') n++;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}
/** Removes up to `w` columns of leading whitespace. */
export function dedent(l: string, w: number): string {
  let i = 0;
  let n = 0;
  while (n < w && (l[i] == ' ' || l[i] == '\t')) {
    step();
    n += l[i++] == '\t' ? 4 : 1;
  }
  return l.slice(i);
}
/** The line without up to 3 leading spaces, or null when indented more (not a block start). */
function lead(l: string): string | null {
  const n = indent(l);
  return n > 3 ? null : l.trimStart();
}

export function fence(l: string): { ch: string; n: number; ind: number; lang: string } | null {
  const s = lead(l);
  const ch = s?.[0];
  if (ch != '`' && ch != '~') return null;
  let n = 0;
  while (s![n] == ch) {
    step();
    n++;
  }
  const info = s!.slice(n).trim();
  if (n < 3 || (ch == '`' && info.includes('`'))) return null;
  return { ch, n, ind: indent(l), lang: info.split(/\s/, 1)[0] ?? '' };
}
export function closes(l: string, f: { ch: string; n: number }): boolean {
  const s = lead(l);
  if (!s || s[0] != f.ch) return false;
  let n = 0;
  while (s[n] == f.ch) {
    step();
    n++;
  }
  return n >= f.n && !s.slice(n).trim();
}

export function isRule(l: string): boolean {
  const s = lead(l);
  const ch = s?.[0];
  if (ch != '-' && ch != '*' && ch != '_') return false;
  let n = 0;
  for (const c of s!) {
    step();
    if (c == ch) n++;
    else if (c != ' ' && c != '\t') return false;
  }
  return n >= 3;
}

export function heading(l: string): { level: number; text: string } | null {
  const s = lead(l);
  if (s?.[0] != '#') return null;
  let level = 0;
  while (s[level] == '#') {
    step();
    level++;
  }
  if (level > 6 || (s[level] !== undefined && s[level] != ' ' && s[level] != '\t')) return null;
  let text = s.slice(level).trim();
  // A closing run of #, after a space, is not part of the text.
  let e = text.length;
  while (e > 0 && text[e - 1] == '#') {
    step();
    e--;
  }
  if (e == 0 || text[e - 1] == ' ') text = text.slice(0, e).trim();
  return { level, text };
}

export const quote = (l: string) => lead(l)?.[0] == '>';
export function unquote(l: string): string {
  const s = lead(l)!.slice(1);
  return s[0] == ' ' || s[0] == '\t' ? s.slice(1) : s;
}

export interface Marker {
  ordered: boolean;
  start: number;
  /** content indent */
  w: number;
  rest: string;
}
export function marker(l: string): Marker | null {
  const ind = indent(l);
  if (ind > 3 || isRule(l)) return null;
  const s = l.trimStart();
  let k = 0;
  let ordered = false;
  if (s[0] == '-' || s[0] == '*' || s[0] == '+') k = 1;
  else {
    while (k < 10 && s[k]! >= '0' && s[k]! <= '9') {
      step();
      k++;
    }
    if (k == 0 || k > 9 || (s[k] != '.' && s[k] != ')')) return null;
    ordered = true;
    k++;
  }
  if (s[k] !== undefined && s[k] != ' ' && s[k] != '\t') return null;
  let sp = 0;
  while (sp < 5 && (s[k + sp] == ' ' || s[k + sp] == '\t')) {
    step();
    sp++;
  }
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
    step();
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
    step();
    const left = c[0] == ':';
    const right = c[c.length - 1] == ':';
    const dashes = c.slice(left ? 1 : 0, right ? -1 : undefined);
    if (!dashes || [...dashes].some((x) => x != '-')) return null;
    align.push(left && right ? 'c' : right ? 'r' : left ? 'l' : null);
  }
  return align;
}
/** A table starting at line i: a row with a pipe, then a delimiter row of as many cells. */
export function tableAt(lines: string[], i: number): Align[] | null {
  if (!lines[i]!.includes('|')) return null;
  const align = delimiterRow(lines[i + 1]);
  return align && align.length <= MAX_COLUMNS && cells(lines[i]!).length == align.length ? align : null;
}

/** Does this line start a block that ends a paragraph? */
export function interrupts(lines: string[], i: number): boolean {
  const l = lines[i]!;
  const m = marker(l);
  return !!(fence(l) || isRule(l) || heading(l) || quote(l) || (m && m.rest.trim() && (!m.ordered || m.start == 1)) || tableAt(lines, i));
}

