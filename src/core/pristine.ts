/**
 * The built-ins our own data goes through, as the page had them when the widget's first bundle
 * started: a page (or a library it loads later) that replaces `JSON.parse` with one applying its
 * own reviver, or `JSON.stringify` with a "fixed" one, must not alter what we store, send or show.
 *
 * Where captured: by whichever of our bundles starts first (the script tag's first file, which
 * runs before most of a page's later scripts; the npm entry at import), and handed to the others
 * (the script tag's core and panel files start later) through one non-writable property of the
 * global object. A copy already replaced when that first bundle started is caught by a self-test on
 * values like ours (an ISO date string must stay a string, arrays arrays): then it is not used at
 * all (`json` is false), and what needs it fails plainly instead of altering data.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reviver = (this: any, key: string, value: unknown) => unknown;
type Parse = (text: string, reviver?: Reviver) => unknown;
type Stringify = (v: unknown, replacer?: Reviver | undefined) => string;

export interface Pristine {
  /** JSON that passed its self-test, else null. */
  json: { parse: Parse; stringify: Stringify } | null;
}

const KEY = '__supportCopilotPristine';
// Our own reviver: a page's wrapper that applies its default reviver only when none is given stands aside.
export const asIs = (_k: string, v: unknown): unknown => v;

/** The JSON given (the realm's, at start) if it passes the self-test, else null. Exported for its unit test. */
export function capture(j: unknown = JSON): Pristine {
  let json: Pristine['json'] = null;
  try {
    const { parse, stringify } = j as { parse: Parse; stringify: Stringify };
    // A date string (a reviver's favourite), nesting, non-ASCII: what goes through must come back the same.
    const sample = '["2024-01-01T00:00:00Z",{"a":["é"]}]';
    // With json.ts's replacer (the value before any `toJSON`): a page's Array#toJSON (Prototype.js) is json.ts's to undo, not a broken JSON.
    // A revived Date comes back as `{}` through it, so the round trip alone tells.
    if (stringify(parse(sample, asIs), function (this: Record<string, unknown>, k) { return this[k]; }) === sample) json = { parse, stringify };
  } catch {
    /* broken: not used */
  }
  return { json };
}

const g = globalThis as unknown as Record<string, Pristine | undefined>;
let p = g[KEY];
if (!p) {
  p = capture();
  try {
    Object.defineProperty(g, KEY, { value: p });
  } catch {
    /* a frozen global: each bundle keeps its own copy */
  }
}
export const pristine: Pristine = p;
