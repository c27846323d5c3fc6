/**
 * Error responses in the analytics API's shape (`application/problem+json`), so the widget's
 * error handling is exercised against the same body it will see from the real service.
 */

const CODES: Record<number, readonly [code: string, title: string]> = {
  400: ['bad_request', 'Bad Request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not_found', 'Not Found'],
  408: ['request_timeout', 'Request Timeout'],
  409: ['conflict', 'Conflict'],
  413: ['payload_too_large', 'Payload Too Large'],
  422: ['unprocessable_entity', 'Unprocessable Entity'],
  429: ['too_many_requests', 'Too Many Requests'],
  500: ['internal_server_error', 'Internal Server Error'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['service_unavailable', 'Service Unavailable'],
  504: ['gateway_timeout', 'Gateway Timeout'],
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
  const [code, title] = CODES[status] ?? [status >= 500 ? 'server_error' : 'client_error', `HTTP ${status}`];
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
