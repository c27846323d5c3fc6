/**
 * Answer text cannot freeze the page (issue 16 item 7): reading it is linear in its length in
 * every engine. Tested by counting work, never by timing (issue 20 item 4: a time ratio failed 2 of
 * 4 runs on a loaded machine): the parser counts one step per iteration of each of its loops
 * (markdown-steps.ts), and while it runs here every string and array method adds the characters or
 * elements it goes over (a regular expression, the input it scans). Adversarial answers of 20,000
 * characters must cost at most STEPS_PER_CHAR steps per character, as plain answers do, and four
 * times the text must cost about four times the work. The old renderer's quadratic cases (20,000
 * `[`, about 2 s in Node; an emphasis matcher without its openers bottom) cost over a thousand
 * steps per character here.
 */
import { describe, expect, it } from 'vitest';
import { build } from 'vite';
import { renderMarkdown, type MarkdownActions } from '../ui/panel/markdown.tsx';
import { parseBlocks, type Block } from './markdown-blocks.ts';
import { parseInline, type Inline } from './markdown-inline.ts';
import { plainText } from './markdown-plain-text.ts';
import { markdownWork } from './markdown-steps.ts';

const actions: MarkdownActions = { copyCode() {}, openLink() {}, copyCodeLabel: 'Copy code', copiedLabel: 'Copied' };
const N = 20_000;
/** Work per input character, for any input (plain prose: about 48; the densest here, 20,000 `>`: 174; a quadratic emphasis: over 1,000). */
const STEPS_PER_CHAR = 250;
/** Four times the text costs at most this many times the work (linear: about 4; quadratic: 16). */
const GROWTH = 4.6;
const fit = (unit: string, n = N) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

// Built-in methods the parser calls, each charged for what it goes over.
const scans = ['split', 'replace', 'replaceAll', 'match', 'matchAll', 'search', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'normalize', 'localeCompare'] as const;
const makes = ['slice', 'substring', 'substr', 'repeat', 'padStart', 'padEnd', 'concat', 'at', 'charAt', 'startsWith', 'endsWith', 'charCodeAt', 'codePointAt'] as const;
/** Searches from a position: up to where they found it, or to the end. */
const finds = ['indexOf', 'includes', 'lastIndexOf'] as const;
const arrayScans = ['map', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'indexOf', 'includes', 'reduce', 'join', 'flat', 'flatMap'] as const;
const arrayMakes = ['slice', 'concat', 'splice'] as const;
const arrayAdds = ['push', 'unshift'] as const;

/** Runs `fn` with every string, array and regular-expression method charged to `markdownWork`. */
function counted(fn: () => void): number {
  const undo: (() => void)[] = [];
  const charge = (proto: object, name: string, cost: (self: unknown, args: unknown[], out: unknown) => number) => {
    const p = proto as Record<string, (...a: unknown[]) => unknown>;
    const orig = p[name];
    if (typeof orig != 'function') return;
    p[name] = function (this: unknown, ...args: unknown[]) {
      const out = orig.apply(this, args);
      markdownWork.steps += 1 + cost(this, args, out);
      return out;
    };
    undo.push(() => (p[name] = orig));
  };
  const len = (v: unknown) => (typeof v == 'string' || Array.isArray(v) ? v.length : 0);
  for (const m of scans) charge(String.prototype, m, (self) => len(String(self)));
  for (const m of makes) charge(String.prototype, m, (_self, _args, out) => len(out));
  const indexOf = String.prototype.indexOf;
  const lastIndexOf = String.prototype.lastIndexOf;
  for (const m of finds) {
    charge(String.prototype, m, (self, args) => {
      const s = String(self);
      const what = String(args[0]);
      if (m == 'lastIndexOf') {
        const from = args[1] === undefined ? s.length : Number(args[1]);
        const at = lastIndexOf.call(s, what, from);
        return at < 0 ? from : from - at + what.length;
      }
      const from = Number(args[1] ?? 0);
      const at = indexOf.call(s, what, from);
      return at < 0 ? s.length - from : at - from + what.length;
    });
  }
  for (const m of arrayScans) charge(Array.prototype, m, (self, _args, out) => len(self) + len(out));
  for (const m of arrayMakes) charge(Array.prototype, m, (_self, _args, out) => len(out));
  for (const m of arrayAdds) charge(Array.prototype, m, (_self, args) => args.length);
  // Not `exec`: with it replaced, V8's split and replace take the spec's slow path, one sticky exec per position.
  charge(RegExp.prototype, 'test', (_self, args) => len(String(args[0])));
  for (const s of [Symbol.replace, Symbol.split, Symbol.match, Symbol.matchAll, Symbol.search]) charge(RegExp.prototype, s as unknown as string, (_self, args) => len(String(args[0])));
  markdownWork.steps = 0;
  try {
    fn();
  } finally {
    for (const u of undo.reverse()) u();
  }
  return markdownWork.steps;
}

/** Nodes of the trees the renderer walks: blocks, and the inline tree of every text in them. */
function nodes(src: string): number {
  const inline = (xs: Inline[]): number => xs.reduce<number>((n, x) => n + 1 + (typeof x == 'object' && 'c' in x ? inline(x.c) : 0), 0);
  const text = (s: string) => inline(parseInline(s));
  const block = (b: Block): number => {
    if (b.t == 'p' || b.t == 'h') return 1 + text(b.text);
    if (b.t == 'quote') return 1 + b.c.reduce((n, x) => n + block(x), 0);
    if (b.t == 'list') return 1 + b.items.flat().reduce((n, x) => n + block(x), 0);
    if (b.t == 'table') return 1 + [b.head, ...b.rows].flat().reduce((n, c) => n + 1 + text(c), 0);
    return 1;
  };
  return parseBlocks(src).reduce((n, b) => n + block(b), 0);
}

/** What reading an answer costs: its blocks, the inline tree of each, and the plain text of Copy answer. */
const work = (src: string) =>
  counted(() => {
    for (const b of parseBlocks(src)) walk(b);
    plainText(src);
  });
function walk(b: Block): void {
  if (b.t == 'p' || b.t == 'h') parseInline(b.text);
  else if (b.t == 'quote') b.c.forEach(walk);
  else if (b.t == 'list') b.items.flat().forEach(walk);
  else if (b.t == 'table') [b.head, ...b.rows].flat().forEach((c) => parseInline(c));
}

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

const ADVERSARIAL: Record<string, (n: number) => string> = {
  'opening brackets': (n) => fit('[', n),
  'closing brackets': (n) => fit(']', n),
  'bracket paren pairs': (n) => fit('[](', n),
  'link starts': (n) => fit('[a](', n),
  'unclosed links': (n) => fit('[a](http://x ', n),
  'unclosed link titles': (n) => fit('[a](b "', n),
  'stars': (n) => fit('*', n),
  'underscores': (n) => fit('_', n),
  'star words': (n) => fit('*a', n),
  'double star words': (n) => fit('**a', n),
  'mixed delimiters': (n) => fit('*_', n),
  'nested emphasis': (n) => fit('*a _b **c __d ', n / 2) + fit(' d__ c** b_ a*', n / 2),
  'openers never closed': (n) => fit('**a ', n / 2) + fit('_b_ ', n / 2),
  'closers of another kind': (n) => fit('_a ', n / 2) + fit('a* ', n / 2),
  'intraword underscores': (n) => fit('a_', n),
  'backticks': (n) => fit('`', n),
  'backtick runs of growing length': (n) => {
    let s = '';
    for (let k = 1; s.length < n; k++) s += '`'.repeat(k % 50) + 'x';
    return s.slice(0, n);
  },
  'unclosed fences': (n) => fit('```\n', n),
  'fence-like lines': (n) => fit('``` `\n', n),
  'nested quotes': (n) => fit('>', n - 2) + ' x',
  'quote staircase': (n) => lines(Math.ceil(n / 10), (i) => '>'.repeat(i % 25) + ' x').slice(0, n),
  'nested list staircase': (n) => lines(Math.ceil(n / 40), (i) => ' '.repeat((i % 200) * 2) + '- x').slice(0, n),
  'list markers': (n) => fit('1. ', n),
  'table pipes': (n) => fit('|', n),
  'wide table rows': (n) => '|a|b|\n|-|-|\n' + lines(Math.ceil(n / 40), () => '|'.repeat(38)).slice(0, n - 12),
  'table with many rows': (n) => '| a | b |\n|---|---|\n' + fit('| x | y |\n', n - 20),
  'angle brackets': (n) => fit('<', n),
  'autolink starts': (n) => fit('<http://', n),
  'bare URL starts': (n) => fit('http://', n),
  'backslashes': (n) => fit('\\', n),
  'hashes': (n) => fit('#', n),
  'spaces then text': (n) => fit(' ', n - 1) + 'x',
  'heading with spaces': (n) => '# a' + fit(' ', n - 4) + 'b',
  'one long line of links': (n) => fit('[a](http://x.example/a) ', n),
  'many short lines': (n) => fit('a\n', n),
};

const PLAIN = (n: number) => fit('Install it with **npm** and read [the guide](https://docs.example.com/install) first.\nThen run `npm start` and open the page.\n\n- one step\n- another step\n\n', n);

describe('markdown is linear in the answer length, by counting work (adversarial inputs)', () => {
  const plain = work(PLAIN(N)) / N;

  it('plain answers: a few steps per character, and the counter counts (not zero)', () => {
    expect(plain).toBeGreaterThan(1);
    expect(plain).toBeLessThanOrEqual(STEPS_PER_CHAR / 4);
  });

  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    it(`${name}: at most ${STEPS_PER_CHAR} steps per character, and 4x the text is about 4x the work`, () => {
      const src = make(N);
      expect(src.length).toBeGreaterThanOrEqual(N * 0.9);
      const steps = work(src);
      expect(steps / src.length, `${name}: ${(steps / src.length).toFixed(1)} steps per character (plain: ${plain.toFixed(1)})`).toBeLessThanOrEqual(STEPS_PER_CHAR);
      const big = make(4 * N);
      expect(work(big) / steps, `${name}: growth from ${src.length} to ${big.length} characters`).toBeLessThanOrEqual(GROWTH * (big.length / (4 * src.length)));
      // The trees the renderer walks grow with the text too (one vnode per node).
      expect(nodes(src)).toBeLessThanOrEqual(src.length + 10);
    });
  }

  it('the renderer draws each of them (vnodes and Copy answer text) without throwing', () => {
    for (const make of Object.values(ADVERSARIAL)) expect(() => (renderMarkdown(make(2_000), actions), plainText(make(2_000)))).not.toThrow();
  });
});

const here = (f: string) => new URL(f, import.meta.url).pathname;
const ENTRY = ['markdown-inline.ts', 'markdown-blocks.ts', 'markdown-plain-text.ts'].map((f) => `export * from ${JSON.stringify(here(f))};`).join('\n');

describe('the step counter costs nothing in a build', () => {
  it('a production build of the parser has no trace of it', async () => {
    // One entry, as in the widget's chunks (the panel imports all three).
    const entry = 'virtual:markdown-entry';
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      plugins: [{ name: 'entry', enforce: 'pre', resolveId: (id) => (id.endsWith(entry) ? `\0${entry}` : null), load: (id) => (id == `\0${entry}` ? ENTRY : null) }],
      build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'markdown' } },
    });
    const code = (Array.isArray(out) ? out : [out]).flatMap((o) => ('output' in o ? o.output : [])).map((c) => ('code' in c ? c.code : '')).join('\n');
    expect(code).toContain('function parseInline');
    expect(code).not.toMatch(/markdownWork|step\(|COUNTING|import\.meta/);
  });
});
