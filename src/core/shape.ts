/**
 * Shapes checked without zod, for our own data (the config, stored records): a zod schema is built
 * at run time and costs bytes per field, where these rules are plain functions. Issues come out like
 * zod's (`path`, `code: 'invalid_type'` with `expected`, or a message), so `parseOrThrow` describes
 * them the same way (`config.apiKey: expected string, got nothing`). Pure.
 */
import type { Checker } from './parse-or-throw.ts';

export interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  expected?: string;
}
export type Shape = Rule & Checker<Record<string, unknown>> & { keys: string[] };
/** Checks `v` (at `path`), pushing what is wrong; returns the value to keep. */
export type Rule = (v: unknown, path: PropertyKey[], issues: Issue[]) => unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value of `typeof` `type` (a number also finite, as zod's), then each refinement in turn. */
export const is =
  (type: 'string' | 'number' | 'boolean' | 'function', ok?: (v: never) => boolean, message = ''): Rule =>
  (v, path, issues) => {
    if (typeof v !== type || (type == 'number' && !Number.isFinite(v))) issues.push({ path, code: 'invalid_type', expected: type, message: 'Invalid input' });
    else if (ok && !ok(v as never)) issues.push({ path, message });
    return v;
  };

/** A value `ok` accepts; anything else is an issue saying `message`. */
export const test =
  <T = unknown>(ok: (v: T) => boolean, message: string): Rule =>
  (v, path, issues) => (ok(v as T) || issues.push({ path, message }), v);

/** `undefined` passes; anything else must pass `rule`. */
export const opt =
  (rule: Rule): Rule =>
  (v, path, issues) =>
    v === undefined ? v : rule(v, path, issues);

/** An array whose every item passes `rule`. */
export const list =
  (rule: Rule): Rule =>
  (v, path, issues) =>
    Array.isArray(v) ? v.map((x, i) => rule(x, [...path, i], issues)) : issues.push({ path, code: 'invalid_type', expected: 'array', message: 'Invalid input' });

/**
 * An object with these fields, each checked in order; other keys are dropped, or kept with `loose`.
 * `whole` runs on the result when every field passed (as a zod refine does).
 */
export function shape(fields: Record<string, Rule>, loose = false, whole?: [(v: Record<string, unknown>) => boolean, string]): Shape {
  const keys = Object.keys(fields);
  const rule: Rule = (v, path, issues) => {
    if (!isObject(v)) return void issues.push({ path, code: 'invalid_type', expected: 'object', message: 'Invalid input' });
    const out: Record<string, unknown> = loose ? { ...v } : {};
    const before = issues.length;
    for (const k of keys) {
      // Own fields only: a page's `Object.prototype.name` is not this object's.
      const own = Object.hasOwn(v, k);
      const x = fields[k]!(own ? v[k] : undefined, [...path, k], issues);
      if (own) out[k] = x;
    }
    if (issues.length == before && whole && !whole[0](out)) issues.push({ path, message: whole[1] });
    return out;
  };
  return Object.assign(rule, {
    keys,
    safeParse(input: unknown) {
      const issues: Issue[] = [];
      const data = rule(input, [], issues) as Record<string, unknown>;
      return issues.length ? { success: false as const, error: { issues } } : { success: true as const, data };
    },
  });
}
