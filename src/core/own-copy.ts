/**
 * Prototype safety. A host page (or an old library in it) may set keys on `Object.prototype`
 * (`headers`, `id`, `user`, ...): every object literal then "has" them, a missing option reads as
 * the page's value, and zod's own `for...in` loops over shapes and inputs visit them. Input we keep
 * is copied into objects that cannot inherit, and zod runs with the page's keys hidden. Pure.
 */

/** A plain object of this realm or another one (a frame's), not a class instance, element or Date. */
const isPlain = (v: object): v is Record<string, unknown> => {
  const p = Object.getPrototypeOf(v) as object | null;
  return p === null || Object.getPrototypeOf(p) === null;
};

/**
 * A deep copy of `v`'s own enumerable data: plain objects become null-prototype objects, arrays new
 * arrays; anything else (functions, elements, Dates) is kept as it is. `depth` bounds a cycle.
 */
export function ownCopy<T>(v: T, depth = 40): T {
  if (typeof v !== 'object' || v === null || depth === 0) return v;
  if (Array.isArray(v)) return v.map((x: unknown) => ownCopy(x, depth - 1)) as T;
  if (!isPlain(v)) return v;
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(v)) out[k] = ownCopy((v as Record<string, unknown>)[k], depth - 1);
  return out as T;
}

/** A null-prototype copy of one level: for browser dictionaries (fetch's init, event options), which read inherited keys too. */
export const bare = <T extends object>(o: T): T => Object.assign(Object.create(null) as T, o);

/**
 * Runs `fn` with the page's enumerable keys of `Object.prototype` made non-enumerable, then
 * restores them: zod builds and parses with `for...in` over its own objects, and an inherited key
 * breaks it (`Cannot read properties of undefined`). Synchronous, so the page never sees the change.
 */
export function unpolluted<T>(fn: () => T): T {
  const hidden: string[] = [];
  for (const k in Object.prototype) {
    try {
      Object.defineProperty(Object.prototype, k, { enumerable: false });
      hidden.push(k);
    } catch {
      /* not configurable: nothing we can do */
    }
  }
  try {
    return fn();
  } finally {
    // Only keys we changed, so configurable: this cannot throw.
    for (const k of hidden) Object.defineProperty(Object.prototype, k, { enumerable: true });
  }
}
