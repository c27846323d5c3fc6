/**
 * Inline markdown (code spans, links, autolinks, bare http(s) URLs, `*`/`_` emphasis, escapes,
 * line breaks) to a small tree, in time linear in the text in every engine. No regular expression
 * runs over the text: a hand-written scanner (answers are untrusted; a backtracking regex that
 * Chromium survives can freeze Node, Safari or Firefox). How each part stays linear:
 * - code spans: a closing backtick run is looked up in a per-length list with a forward-only cursor;
 * - links: `[` openers on a stack (CommonMark's), link destinations stop at the next space or
 *   paren, titles at the next quote of their kind, so scans do not overlap;
 * - emphasis: CommonMark's delimiter list with an "openers bottom" per character, so a closer
 *   never searches below where one of its kind already failed; nesting depth is capped.
 * Raw HTML is not parsed: it stays text.
 */

export type Inline = string | { t: 'code'; v: string } | { t: 'br' } | { t: 'em' | 'strong'; c: Inline[] } | { t: 'a'; href: string; title?: string; c: Inline[] };

import { emphasis, type Delim } from './markdown-emphasis.ts';
import { step } from './markdown-steps.ts';

/** Deeper emphasis is flattened (its text kept): a deep tree would cost the renderer its stack. */
const MAX_NESTING = 12;

type Tok = { t: 's'; v: string } | { t: 'code'; v: string } | { t: 'br' } | { t: 'url'; href: string; v: string } | { t: 'lo'; href: string; title?: string } | { t: 'lc' } | Delim;

const isPunct = (c: string | undefined): boolean => {
  if (!c) return false;
  const n = c.charCodeAt(0);
  // ASCII punctuation without a regular expression (the common case, once per delimiter side).
  if (n < 128) return (n >= 33 && n <= 47) || (n >= 58 && n <= 64) || (n >= 91 && n <= 96) || (n >= 123 && n <= 126);
  return /[\p{P}\p{S}]/u.test(c);
};
const isSpace = (c: string | undefined) => !c || c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\u00a0';
const isWordChar = (c: string | undefined) => !!c && /[\p{L}\p{N}]/u.test(c);
/** Characters that end a bare URL or a link destination. */
const URL_END = ' \t\n<>"\'`()[]';
const TRAILING = '.,;:!?*_';

/** Past spaces and tabs from `i`. */
function blanks(s: string, i: number): number {
  while (s[i] == ' ' || s[i] == '\t') {
    step();
    i++;
  }
  return i;
}
/** From `i` to the first of `end` (or the text's end). */
function until(s: string, i: number, end: string): number {
  while (i < s.length && !end.includes(s[i]!)) {
    step();
    i++;
  }
  return i;
}

/** The destination (and optional title) of `[text](dest "title")` from `p` (at `(`): where it ends, or null. */
function linkTail(s: string, p: number): { href: string; title?: string; end: number } | null {
  if (s[p] != '(') return null;
  let i = p + 1;
  i = blanks(s, i);
  let href: string;
  if (s[i] == '<') {
    const a = ++i;
    while (i < s.length && s[i] != '>' && s[i] != '<' && s[i] != '\n') {
      step();
      i++;
    }
    if (s[i] != '>') return null;
    href = s.slice(a, i++);
  } else {
    const a = i;
    i = until(s, i, URL_END);
    href = s.slice(a, i);
  }
  i = blanks(s, i);
  const q = s[i];
  let title: string | undefined;
  if ((q == '"' || q == "'") && i > p + 1) {
    const e = s.indexOf(q, i + 1);
    if (e < 0) return null;
    title = s.slice(i + 1, e);
    i = blanks(s, e + 1);
  }
  return s[i] == ')' ? { href, end: i + 1, ...(title ? { title } : {}) } : null;
}

/** Inline markdown of one block's text to a tree (see the file comment). */
export function parseInline(s: string): Inline[] {
  // Backtick runs, and per length the runs of that length in order, for code spans.
  const runs: [number, number][] = [];
  for (let i = 0; i < s.length; i++) {
    step();
    if (s[i] != '`') continue;
    const a = i;
    while (s[i + 1] == '`') {
      step();
      i++;
    }
    runs.push([a, i + 1 - a]);
  }
  const byLen = new Map<number, number[]>();
  runs.forEach(([, n], k) => (byLen.get(n) ?? byLen.set(n, []).get(n)!).push(k));
  const cursor = new Map<number, number>();
  const closingRun = (k: number): number => {
    const list = byLen.get(runs[k]![1])!;
    let c = cursor.get(runs[k]![1]) ?? 0;
    while (c < list.length && list[c]! <= k) {
      step();
      c++;
    }
    cursor.set(runs[k]![1], c);
    return c < list.length ? list[c]! : -1;
  };

  const toks: Tok[] = [];
  const tail: { d: Delim | null } = { d: null };
  const brackets: { tok: Tok; d: Delim | null }[] = [];
  let pos = 0;
  let run = 0;
  let start = 0;
  const flush = (i: number) => {
    if (i > start) toks.push({ t: 's', v: s.slice(start, i) });
  };
  let i = 0;
  while (i < s.length) {
    step();
    const c = s[i]!;
    let next = i + 1;
    if (c == '\\' && isPunct(s[i + 1]) && s.charCodeAt(i + 1) < 128) {
      flush(i);
      toks.push({ t: 's', v: s[i + 1]! });
      next = i + 2;
    } else if (c == '`') {
      while (run < runs.length && runs[run]![0] < i) {
        step();
        run++;
      }
      // A run that starts after an escaped backtick is not in the list: its backticks are text.
      const n = runs[run]?.[0] == i ? runs[run]![1] : 1;
      const m = n == 1 && runs[run]?.[0] != i ? -1 : closingRun(run);
      if (m >= 0) {
        flush(i);
        let v = s.slice(i + n, runs[m]![0]).replace(/\n/g, ' ');
        if (v.length > 2 && v[0] == ' ' && v[v.length - 1] == ' ' && v.trim()) v = v.slice(1, -1);
        toks.push({ t: 'code', v });
        next = runs[m]![0] + n;
        run = m + 1;
      } else {
        next = i + n;
        i = next;
        continue;
      }
    } else if (c == '*' || c == '_') {
      let j = i;
      while (s[j] == c) {
        step();
        j++;
      }
      const before = s[i - 1];
      const after = s[j];
      const left = !isSpace(after) && (!isPunct(after) || isSpace(before) || isPunct(before));
      const right = !isSpace(before) && (!isPunct(before) || isSpace(after) || isPunct(after));
      const open = c == '*' ? left : left && (!right || isPunct(before));
      const close = c == '*' ? right : right && (!left || isPunct(after));
      next = j;
      // Longer runs are not emphasis anyone writes: text (and a bound on nesting per run).
      if ((open || close) && j - i <= 3) {
        flush(i);
        const d: Delim = { t: 'd', ch: c, n: j - i, open, close, pos: pos++, prev: tail.d, next: null };
        if (tail.d) tail.d.next = d;
        tail.d = d;
        toks.push(d);
      } else {
        i = next;
        continue;
      }
    } else if (c == '[') {
      flush(i);
      const tok: Tok = { t: 's', v: '[' };
      toks.push(tok);
      brackets.push({ tok, d: tail.d });
    } else if (c == ']' && brackets.length) {
      const b = brackets.pop()!;
      const link = linkTail(s, i + 1);
      if (!link) {
        i = next;
        continue;
      }
      flush(i);
      emphasis(b.d, tail);
      Object.assign(b.tok, { t: 'lo', href: link.href, title: link.title });
      toks.push({ t: 'lc' });
      // No links inside links: earlier openers can no longer make one.
      brackets.length = 0;
      next = link.end;
    } else if (c == '\n') {
      flush(i);
      toks.push({ t: 'br' });
    } else if (c == '<') {
      const j = until(s, i + 1, ' \t\n<>');
      const href = s.slice(i + 1, j);
      if (s[j] != '>' || !/^(https?:\/\/[^/]|mailto:.)/i.test(href)) {
        i = next;
        continue;
      }
      flush(i);
      toks.push({ t: 'url', href, v: href.replace(/^mailto:/i, '') });
      next = j + 1;
    } else if (c == 'h' && !isWordChar(s[i - 1]) && (s.startsWith('https://', i) || s.startsWith('http://', i))) {
      let j = until(s, i, URL_END);
      while (j > i && TRAILING.includes(s[j - 1]!)) {
        step();
        j--;
      }
      // No host, no link (and no URL parse that can only throw).
      if (!/^https?:\/\/[^/]/.test(s.slice(i, j))) {
        i = j;
        continue;
      }
      flush(i);
      toks.push({ t: 'url', href: s.slice(i, j), v: s.slice(i, j) });
      next = j;
    } else {
      i = next;
      continue;
    }
    i = start = next;
  }
  flush(s.length);
  emphasis(null, tail);
  return build(toks);
}

/** Tokens (with their matched open/close marks) to a tree, iteratively: no recursion on the input's shape. */
function build(toks: Tok[]): Inline[] {
  const root: Inline[] = [];
  // A frame whose element is null is flattened into its parent (over MAX_NESTING).
  const stack: { el: Inline | null; c: Inline[] }[] = [{ el: null, c: root }];
  let depth = 0;
  let inLink = 0;
  const out = () => stack[stack.length - 1]!.c;
  const text = (v: string) => {
    const c = out();
    if (typeof c[c.length - 1] == 'string') c[c.length - 1] += v;
    else if (v) c.push(v);
  };
  const push = (el: { t: 'em' | 'strong' | 'a'; c: Inline[] } & Record<string, unknown>, flatten: boolean) => {
    if (flatten) stack.push({ el: null, c: out() });
    else {
      out().push(el as Inline);
      stack.push({ el: el as Inline, c: el.c });
      depth++;
    }
  };
  const pop = () => {
    if (stack.length > 1 && stack.pop()!.el) depth--;
  };
  for (const t of toks) {
    step();
    if (t.t == 's') text(t.v);
    else if (t.t == 'code' || t.t == 'br') out().push(t);
    else if (t.t == 'url') {
      if (inLink) text(t.v);
      else out().push({ t: 'a', href: t.href, c: [t.v] });
    } else if (t.t == 'lo') {
      inLink++;
      push({ t: 'a', href: t.href, ...(t.title ? { title: t.title } : {}), c: [] }, depth >= MAX_NESTING);
    } else if (t.t == 'lc') {
      inLink--;
      pop();
    } else {
      step((t.closes?.length ?? 0) + (t.opens?.length ?? 0));
      t.closes?.forEach(pop);
      text(t.ch.repeat(t.n));
      for (const tag of t.opens ?? []) push({ t: tag as 'em', c: [] }, depth >= MAX_NESTING);
    }
  }
  return root;
}
