/**
 * JSON of what we send and measure, with the page's `toJSON` quirks neutralised: Prototype.js (still
 * on old sites) defines `Array.prototype.toJSON` returning a string, which makes `JSON.stringify`
 * turn `messages` into one string; `Object.prototype.toJSON` would replace every object. Pure.
 */
import { ownCopy } from './own-copy.ts';
import { asIs, pristine } from './pristine.ts';
import { SupportCopilotError } from './support-copilot-error.ts';

const json = () => pristine.json ?? (() => {
  // Replaced before our first file ran, and failing the self-test: nothing is sent rather than sent altered.
  throw new SupportCopilotError('unexpected', 'JSON is broken');
})();

// A replacer sees the value after `toJSON`, but `this[key]` is the value before it.
function raw(this: Record<string, unknown>, key: string): unknown {
  return this[key];
}

/** `JSON.stringify` of JSON data (no Dates: our payload dates are strings), ignoring any `toJSON` the page added. */
export const toJson = (v: unknown): string =>
  // Only pay for the replacer when the page defined one ('toJSON' in [] sees Array.prototype and Object.prototype).
  json().stringify(v, 'toJSON' in [] || 'toJSON' in String.prototype ? raw : undefined);

/** `JSON.parse` into objects that cannot inherit the page's keys (`o.error` is the body's, never `Object.prototype.error`). */
export const fromJson = (text: string): unknown => ownCopy(json().parse(text, asIs));
