/** Validation at the door: a readable error that names the field, says what was expected and what came. */
import { invalidInput, type SupportCopilotError } from './support-copilot-error.ts';
import { ownCopy, unpolluted } from './own-copy.ts';

interface ZodIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  expected?: string;
  values?: readonly unknown[];
  /** Our `z.custom` type and enum checks carry these (core/schema.ts). */
  params?: { expected?: string; values?: readonly unknown[] };
}
export interface SafeParser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly ZodIssue[] } };
}
/** A SafeParser of our own (core/shape.ts, the lazy schemas): its result reads like zod's (`r.data`, `r.error?.issues`). */
export interface Checker<T> {
  safeParse(input: unknown): { success: true; data: T; error?: never } | { success: false; data?: never; error: { issues: readonly ZodIssue[] } };
}

/** `schema.safeParse` of an own-property copy, with the page's prototype keys hidden from zod. */
export const safeParse = <T>(schema: SafeParser<T>, input: unknown) => unpolluted(() => schema.safeParse(ownCopy(input)));

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** zod/mini ships no error texts (its locales cost kilobytes): say it from the issue and the input. */
function describe(issue: ZodIssue, input: unknown): string {
  if (issue.message !== 'Invalid input') return issue.message;
  let value = input;
  for (const k of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[k];
  const got = value === undefined ? 'nothing' : kind(value);
  const { expected = issue.expected, values = issue.values } = issue.params ?? {};
  if (expected) return `expected ${expected}, got ${got}`;
  if (values) return `expected ${values.map((v) => JSON.stringify(v)).join(' or ')}, got ${(typeof value == 'bigint' ? undefined : JSON.stringify(value)) ?? got}`;
  return `invalid value (${got})`;
}

/**
 * Parses or throws a SupportCopilotError (`invalid_input`) whose message names each failing field
 * (`Invalid message: messages.0.role: expected string, got nothing`). It parses an own-property
 * copy (zod reads `input[key]`, which a polluted `Object.prototype` answers) and returns a copy
 * that cannot inherit either.
 *
 * With `soft` (top-level option names): when every failing field is one of them, each is dropped
 * from `input` itself (which must then be an own copy) and handed to `refused`, and what is left is
 * parsed: an option that would escape its place costs its default, not the whole widget.
 */
export function parseOrThrow<T>(schema: SafeParser<T>, input: unknown, what: string, soft: readonly string[] = [], refused?: (e: SupportCopilotError) => void): T {
  input = soft.length ? input : ownCopy(input);
  let result = unpolluted(() => schema.safeParse(input));
  const issues = (i: readonly ZodIssue[]) => i.map((x) => ({ path: x.path.map(String).join('.'), message: describe(x, input) }));
  if (!result.success && result.error.issues.every((i) => soft.includes(String(i.path[0])))) {
    for (const issue of issues(result.error.issues)) refused?.(invalidInput(what, [{ ...issue, message: `${issue.message} (ignored)` }]));
    for (const i of result.error.issues) delete (input as Record<string, unknown>)[String(i.path[0])];
    result = unpolluted(() => schema.safeParse(input));
  }
  if (result.success) return ownCopy(result.data);
  throw invalidInput(what, issues(result.error.issues)) satisfies SupportCopilotError;
}
