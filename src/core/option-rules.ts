/**
 * Options whose values end up in CSS, a cookie or a URL the browser loads: checked at the door by
 * allow-list, so a value cannot escape its place (`url(...)` in a colour loads that URL, `; Max-Age=3`
 * in a cookie domain shortens the visitor's cookie, `javascript:` in a link runs). A refused option
 * is dropped and reported, and the widget starts with its default. Pure.
 */
import { invalidInput, type SupportCopilotError } from './support-copilot-error.ts';
import { bare } from './own-copy.ts';

const N = '\\s*-?[\\d.]+(%|deg)?\\s*';
/** `#rgb`, `#rrggbb(aa)`, a colour name, `rgb()`/`rgba()`/`hsl()`/`hsla()` of numbers, or `var(--name)`: nothing that can load or escape. */
export const isColour = (v: unknown): boolean =>
  typeof v === 'string' && new RegExp(`^(#([\\da-f]{3,4}|[\\da-f]{6}|[\\da-f]{8})|[a-z]{3,24}|(rgb|hsl)a?\\(${N}([,\\s/]${N}){2,3}\\)|var\\(--[\\w-]{1,40}\\))$`, 'i').test(v);

/** A host name as a cookie `Domain` (`example.com`, `.example.com`, `localhost`): labels of letters, digits and inner hyphens only. */
export const isDomain = (v: unknown): boolean => typeof v === 'string' && v.length <= 253 && /^\.?([a-z\d]([a-z\d-]{0,61}[a-z\d])?\.)*[a-z\d]([a-z\d-]{0,61}[a-z\d])?$/i.test(v);

/** A URL the page may use: absolute or relative to the page, and resolving to one of `schemes` (http and https by default). */
export const isPageUrl = (v: unknown, schemes = ['http:', 'https:']): boolean => {
  if (typeof v !== 'string' || !v.trim()) return false;
  try {
    // A relative URL resolves to the base's scheme; an absolute one keeps its own (`javascript:`, `data:`).
    return schemes.includes(new URL(v, 'https://page.invalid/').protocol);
  } catch {
    return false;
  }
};

/** An option's rule: its test and what it expects, for the error. */
export type OptionRule = [test: (v: unknown) => boolean, expected: string];

/**
 * `config` without the options (dotted paths, one level: `chat.url` drops `chat`) whose value
 * fails its rule, and one `invalid_input` error per refused option, naming it (`field`).
 */
export function refuseBadOptions<T>(config: T, rules: Record<string, OptionRule>): { config: T; refused: SupportCopilotError[] } {
  const refused: SupportCopilotError[] = [];
  // Not an object: the schema says so.
  if (typeof config !== 'object' || config === null) return { config, refused };
  const out = bare(config) as Record<string, unknown>;
  for (const [path, [test, expected]] of Object.entries(rules)) {
    const [head, tail] = path.split('.') as [string, string?];
    const holder = out[head];
    const v = tail ? (typeof holder === 'object' && holder !== null && Object.hasOwn(holder, tail) ? (holder as Record<string, unknown>)[tail] : undefined) : Object.hasOwn(out, head) ? holder : undefined;
    if (v === undefined || test(v)) continue;
    delete out[head];
    refused.push(invalidInput('config', [{ path, message: `${expected}; got ${typeof v === 'string' ? JSON.stringify(v.slice(0, 80)) : typeof v}, ignored (the default is used)` }]));
  }
  return { config: out as T, refused };
}
