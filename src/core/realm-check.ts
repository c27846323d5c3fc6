/**
 * The built-ins whose answer ends a loop, in our code and in the code we bundle: every `for...of`,
 * spread and `Array.from` asks an iterator's `next()` until it says done (ours, Preact's, zod's);
 * Preact drains its queues with `shift()` until it returns nothing; zod walks prototype chains with
 * `Object.getPrototypeOf` until it meets a class or null. A page (or an old library) that replaced
 * one of them with a version that never ends the loop would have its main thread frozen by the
 * widget's first render or first message: the widget checks them once, with bounded loops, and
 * refuses to start instead (e2e/reliability/12-builtins.spec.ts breaks every built-in the bundles
 * reach and fails on any page that stops answering: what it finds frozen belongs here).
 *
 * Nothing here may loop on a built-in's answer, nor call one that is not under test: no for...of,
 * no spread, no array methods (`push` may be the broken one).
 */
import { SupportCopilotError } from './support-copilot-error.ts';

let faults: string[] | undefined;

/** Throws the one error that says which built-ins the page broke, if it broke any: before anything starts. */
export function assertRealm(): void {
  const f = realmFaults();
  if (f.length) {
    throw new SupportCopilotError(
      'unexpected',
      `The page replaced ${f.join(', ')}: the widget does not start, as it could freeze the page`,
    );
  }
}

/** The names of the built-ins that fail their check (empty: the realm is usable). Checked once per realm. */
export function realmFaults(): readonly string[] {
  return (faults ??= check());
}

/** An iterator over two values must give them and then say done: three calls, never more. */
const two = (it: Iterator<unknown>, a: unknown, b: unknown) => {
  const x = it.next();
  const y = it.next();
  return !x.done && x.value === a && !y.done && y.value === b && it.next().done === true;
};

/** Each built-in checked, and its check (exported: the tests break each one by its label). */
export const CHECKS: [label: string, ok: () => unknown][] = [
  ['Array.prototype.shift', () => { const a = [1, 2]; return a.shift() === 1 && a.shift() === 2 && a.shift() === undefined && !a.length; }],
  ['Array.prototype.pop', () => { const a = [1]; return a.pop() === 1 && a.pop() === undefined && !a.length; }],
  ['%ArrayIteratorPrototype%.next', () => two([1, 2][Symbol.iterator](), 1, 2)],
  ['%StringIteratorPrototype%.next', () => two('ab'[Symbol.iterator](), 'a', 'b')],
  // Filled by add()/set(): their constructors would iterate an argument, maybe with a broken iterator.
  ['%SetIteratorPrototype%.next', () => two(new Set().add(1).add(2).values(), 1, 2)],
  ['%MapIteratorPrototype%.next', () => two(new Map().set(1, 0).set(2, 0).keys(), 1, 2)],
  ['Object.getPrototypeOf', () => {
    const gp = Object.getPrototypeOf;
    class A {}
    return gp(new A()) === A.prototype && gp(A.prototype) === Object.prototype && gp(Object.prototype) === null && gp([]) === Array.prototype;
  }],
];

/** Exported for its unit test (realmFaults caches). */
export function check(): string[] {
  const out: string[] = [];
  for (let i = 0; i < CHECKS.length; i++) {
    let good: unknown = false;
    try {
      good = CHECKS[i]![1]();
    } catch {
      /* a throwing built-in here is a broken one */
    }
    if (!good) out[out.length] = CHECKS[i]![0];
  }
  return out;
}
