/**
 * Why an answer source failed, in terms the chat can act on: the HTTP status (or `network`) and
 * the server's `Retry-After`. The message is for integrators (events, console), never shown to
 * visitors: they get friendly text by kind (answer-failure.ts).
 */
export class AnswerError extends Error {
  constructor(
    message: string,
    /** `redirect`: the endpoint answered one, never followed (browsers hide its code). */
    readonly status: number | 'network' | 'redirect',
    /** the response's `Retry-After` header, as sent */
    readonly retryAfter?: string | null,
    /** the request itself is wrong (a mid-stream "prompt too long"): never retried by itself, whatever the status */
    readonly permanent?: boolean,
  ) {
    super(message);
    this.name = 'AnswerError';
  }
}

/** The timeout's abort reason: nothing received for the idle timeout, or no text within the overall cap. */
export class AnswerTimeout extends Error {
  override name = 'AnswerTimeout';
}
