import type { ErrorCode, SupportCopilotError } from './types.ts';

/** Builds the error the logger reports and rejects with: a code to branch on, a message to read. */
export function loggerError(code: ErrorCode, message: string, extra: { status?: number; key?: string; cause?: unknown } = {}): SupportCopilotError {
  const e = new Error(message, { cause: extra.cause }) as SupportCopilotError;
  e.name = 'SupportCopilotError';
  e.code = code;
  if (extra.status !== undefined) e.status = extra.status;
  if (extra.key !== undefined) e.key = extra.key;
  return e;
}
