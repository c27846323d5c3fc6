/**
 * The core's rules the answering code needs (backoff, Retry-After, status classes, storage names),
 * handed to the panel chunk by the widget instead of imported by it: a runtime import from the
 * core would make app bundlers split the core into a chunk shared by both, which every visitor
 * then downloads as two files (measured: about 700 bytes gzip more for `import { createSupportCopilot }`).
 * Only the widget (and tests) import this module; the chunk's modules import its type.
 */
import { backoffDelay, BACKOFF_CAP_MS, parseRetryAfter, RETRY_AFTER_CAP_MS } from '../core/backoff.ts';
import { statusBehavior } from '../core/status-policy.ts';
import { LEGACY_NAMES } from '../core/storage-names.ts';

// `namespace` (the answer lock's and wait store's): the widget gives its project's (core/storage-names.ts `db`).
export const answerRules = { namespace: LEGACY_NAMES.db, backoffDelay, backoffCapMs: BACKOFF_CAP_MS, retryAfterCapMs: RETRY_AFTER_CAP_MS, statusBehavior, parseRetryAfter };
export type AnswerRules = typeof answerRules;
