/**
 * The realm check: each built-in it guards, broken as a page or an old library would (an answer that
 * never ends the loop, missing, throwing), is named; the untouched realm passes. The members come
 * from the check's own labels (every one it can report is broken here), restored synchronously.
 */
import { describe, expect, it } from 'vitest';
import { check, CHECKS } from './realm-check.ts';

const gp = Object.getPrototypeOf;
const owners: Record<string, object> = {
  'Array.prototype': Array.prototype,
  '%ArrayIteratorPrototype%': gp([][Symbol.iterator]()),
  '%StringIteratorPrototype%': gp(''[Symbol.iterator]()),
  '%SetIteratorPrototype%': gp(new Set().values()),
  '%MapIteratorPrototype%': gp(new Map().keys()),
  Object,
};

/** Replacements of a function `f` that keep the loops it ends from ever ending. */
const breaks: [string, (f: (...a: unknown[]) => unknown) => unknown][] = [
  // What family 12's garbage mode does: the original runs, its answer is replaced by a truthy value of the same kind.
  ['never ends the loop', (f) => function (this: unknown, ...a: unknown[]) {
    const r = f.apply(this, a);
    return r === undefined || r === null ? 'garbage' : typeof r === 'object' ? {} : r;
  }],
  ['missing', () => undefined],
  ['throwing', () => () => { throw new TypeError('broken by the page'); }],
];

describe('realmFaults', () => {
  it('passes the realm as the engine made it', () => {
    expect(check()).toEqual([]);
  });

  // Every label the check can report: each must be caught, alone.
  const labels = CHECKS.map(([label]) => label);
  it('names each of its built-ins, broken all at once', () => {
    const restore = labels.map((l) => breakMember(l, breaks[1]![1]));
    let got: string[];
    try {
      got = check();
    } finally {
      // No for...of: the array iterator is among the broken ones.
      for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
    }
    expect(got!.sort()).toEqual([...labels].sort());
  });

  for (const label of labels) {
    for (const [how, make] of breaks) {
      it(`names ${label} when it is ${how}`, () => {
        const restore = breakMember(label, make);
        let got: string[];
        try {
          got = check();
        } finally {
          restore();
        }
        expect(got!).toEqual([label]);
      });
    }
  }
});

function breakMember(label: string, make: (f: (...a: unknown[]) => unknown) => unknown): () => void {
  const dot = label.lastIndexOf('.');
  const owner = owners[label.slice(0, dot)]!;
  const key = label.slice(dot + 1);
  const d = Object.getOwnPropertyDescriptor(owner, key)!;
  Object.defineProperty(owner, key, { ...d, value: make(d.value) });
  return () => Object.defineProperty(owner, key, d);
}
