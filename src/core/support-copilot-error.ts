import type { ErrorCode } from './public-types.ts';

export interface Issue {
  /** Dotted path of the failing field (`messages.0.role`); empty for the input itself. */
  path: string;
  message: string;
}

/**
 * The one error the widget and the logger throw, reject with and report: a `code` to branch on,
 * a message to read, and for invalid input the failing `field` (and every issue found).
 */
export class SupportCopilotError extends Error {
  // `declare`: no class-field initialisers in the bundle; only the keys that apply are set.
  declare readonly code: ErrorCode;
  /** The first failing field, for `invalid_input` (`messages.0.role`; empty for the input itself). */
  declare readonly field?: string;
  /** Every failing field, for `invalid_input`. */
  declare readonly issues?: readonly Issue[];
  /** HTTP status, when the error came from a server. */
  declare readonly status?: number;
  /** The outbox key (`conversation:<id>`) concerned, if any. */
  declare readonly key?: string;

  constructor(code: ErrorCode, message: string, extra: { status?: number; key?: string; cause?: unknown; issues?: readonly Issue[] } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    const { cause, issues, ...rest } = extra;
    Object.assign(this, { name: 'SupportCopilotError', code, ...rest }, issues && { issues, field: issues[0]?.path ?? '' });
  }
}

/** Bad input, refused at the door: the message names each failing field (`Invalid message: role: ...`). */
export function invalidInput(what: string, issues: readonly Issue[]): SupportCopilotError {
  const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new SupportCopilotError('invalid_input', `Invalid ${what}: ${text}`, { issues });
}

/** Anything caught, as a SupportCopilotError: ours pass through; a foreign one gets `fallback` (never `code: undefined`). */
export function asSupportCopilotError(e: unknown, fallback: ErrorCode, context: string): SupportCopilotError {
  if (e instanceof SupportCopilotError) return e;
  return new SupportCopilotError(fallback, `${context}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}
