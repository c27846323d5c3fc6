/**
 * Error responses in the analytics API's shape (`application/problem+json`), so the widget's
 * error handling is exercised against the same body it will see from the real service.
 */

/** The API's titles; its `code` is the title in snake case (`Bad Request` -> `bad_request`). */
const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 409: 'Conflict',
  413: 'Payload Too Large', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export interface ProblemBody {
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  code: string;
  error: { code: string; message: string };
  [extra: string]: unknown;
}

export interface ProblemOptions {
  instance: string;
  requestId: string;
  headers?: Record<string, string>;
  /** Extra members (RFC 9457 allows them), e.g. the list of validation issues. */
  extra?: Record<string, unknown>;
}

export function problem(status: number, detail: string, options: ProblemOptions): Response {
  const known = TITLES[status];
  const title = known ?? `HTTP ${status}`;
  const code = known ? known.toLowerCase().replaceAll(' ', '_') : status >= 500 ? 'server_error' : 'client_error';
  const body: ProblemBody = {
    ...options.extra,
    title,
    status,
    detail,
    instance: options.instance,
    requestId: options.requestId,
    code,
    error: { code, message: detail },
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...options.headers },
  });
}
