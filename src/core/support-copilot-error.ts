/**
 * What went wrong, to branch on:
 * - `unauthorized`: 401/403/404 from the API (key or `analyticsUrl`); delivery paused until `update`.
 * - `rejected`: the API refused a document (400, 413, 422, ...); kept, not retried until new input.
 * - `delivery_failed`: from `flush()` only; something waits for a retry.
 * - `storage_unavailable`: no IndexedDB (running in memory), or a write failed.
 * - `storage_full`: `maxStoredBytes` or the browser quota reached; the new input was not stored.
 * - `conversation_too_large`: over the 2 MB request limit; not stored.
 * - `quarantined`: a stored record failed validation and was moved aside.
 * - `conversation_gone`: the conversation's stored history is gone (evicted by another tab); start a new one.
 * - `invalid_input`: a config option, message, feedback, event or argument was refused at the door; `field` names it.
 * - `destroyed`: a method was called after `destroy()`.
 * - `panel_unavailable`: a file of the widget could not be loaded: the chat panel, the script tag's core file, a language pack (network, CSP, wrong file).
 * - `unexpected`: a failure the widget did not foresee (a broken browser API, a bug); the message says what.
 */
export type ErrorCode =
  | 'unexpected'
  | 'invalid_input'
  | 'destroyed'
  | 'panel_unavailable'
  | 'unauthorized'
  | 'rejected'
  | 'storage_unavailable'
  | 'storage_full'
  | 'conversation_too_large'
  | 'quarantined'
  | 'conversation_gone'
  | 'delivery_failed';


export interface Issue {
  /** Dotted path of the failing field (`messages.0.role`); for the input itself, its name (`user`, `message`). */
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
  /** The first failing field, for `invalid_input` (`messages.0.role`; the input's name, `user`, when the input itself is wrong). */
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

/**
 * Bad input, refused at the door: the message names each failing field (`Invalid message: role: ...`).
 * An issue with the input itself (`identify(42)`) names the input (`what`: `user`), never an empty field.
 */
export function invalidInput(what: string, issues: readonly Issue[]): SupportCopilotError {
  const text = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new SupportCopilotError('invalid_input', `Invalid ${what}: ${text}`, { issues: issues.map((i) => (i.path ? i : { ...i, path: what })) });
}

/**
 * Anything caught, as a SupportCopilotError: ours pass through; a foreign one gets `fallback` (never `code: undefined`).
 * Ours by name and code too: the script tag's loader and its core chunk each carry a copy of the class.
 */
export function asSupportCopilotError(e: unknown, fallback: ErrorCode, context: string): SupportCopilotError {
  if (e instanceof SupportCopilotError || (e instanceof Error && e.name === 'SupportCopilotError' && typeof (e as SupportCopilotError).code === 'string')) return e as SupportCopilotError;
  return new SupportCopilotError(fallback, `${context}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}
