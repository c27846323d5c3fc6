/** A readable error for bad input: names the field, says what was expected. Nothing is stored. */
export class ValidationError extends Error {
  override name = 'SupportCopilotValidationError';
  constructor(
    readonly what: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(`Invalid ${what}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  }
}

interface SafeParser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** Parses or throws a ValidationError whose message names each failing field (`messages.0.role`). */
export function parseOrThrow<T>(schema: SafeParser<T>, input: unknown, what: string, prefix = ''): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    what,
    result.error.issues.map((i) => ({
      path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
      message: i.message,
    })),
  );
}
