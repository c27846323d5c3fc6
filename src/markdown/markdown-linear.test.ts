/**
 * Answer text cannot freeze the page (issue 16 item 7): rendering is linear in the text's length in
 * every engine. Here in Node (V8 without Chromium's fallback to a linear regex engine), adversarial
 * answers of 20,000 characters must render (vnodes and the plain text of Copy answer) within RATIO
 * times a plain answer of the same length: ordinary prose with the markdown answers use (bold, a
 * link, inline code, a list). The old renderer took about 2 s on 20,000 `[` here, over 100x that.
 * Times are the fastest of several runs, so a loaded machine does not make them flaky.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown, type MarkdownActions } from '../ui/panel/markdown.tsx';
import { plainText } from './markdown-plain-text.ts';

const actions: MarkdownActions = { copyCode() {}, openLink() {}, copyCodeLabel: 'Copy code', copiedLabel: 'Copied' };
const N = 20_000;
// The failures this guards against cost 100x and more (the old renderer: about 2 s on 20,000 `[`,
// against about 3 ms plain). The densest honest input, `*_` repeated, makes every character an
// emphasis delimiter and costs about 10x here (linear: 80k -> 320k characters is 3.8x the time).
const RATIO = 20;
const fit = (unit: string, n = N) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

const once = (src: string): number => {
  const t = performance.now();
  renderMarkdown(src, actions);
  plainText(src);
  return performance.now() - t;
};
/** Fastest of several runs of rendering and plain-texting each, alternated so both see the same machine load, in ms. */
function costs(src: string, base: string): [number, number] {
  let best = Infinity;
  let bestBase = Infinity;
  for (let k = 0; k < 9; k++) {
    bestBase = Math.min(bestBase, once(base));
    best = Math.min(best, once(src));
  }
  return [best, bestBase];
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
};

describe('markdown is linear in the answer length (adversarial inputs, Node)', () => {
  const plain = fit('Install it with **npm** and read [the guide](https://docs.example.com/install) first.\nThen run `npm start` and open the page.\n\n- one step\n- another step\n\n', N);
  costs(plain, plain); // warm up

  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    it(`${name}: within ${RATIO}x a plain answer of the same length`, () => {
      const src = make(N);
      expect(src.length).toBeGreaterThanOrEqual(N * 0.9);
      const [ms, base] = costs(src, plain);
      expect(ms, `${name}: ${ms.toFixed(1)} ms vs plain ${base.toFixed(1)} ms`).toBeLessThanOrEqual(RATIO * base);
    });
  }
});
