/**
 * What the chat session needs to answer, all in the lazy panel chunk (the script-tag bundle holds
 * none of it): the answering flow, the source, link extraction, streaming, failure classification,
 * the stored wait of an unanswered question and the lock that makes one tab answer a conversation.
 */
import type { AnswerSource } from '../widget-core/widget-types.ts';
import { classifyAnswerError, isTransient, type AnswerFailure } from './answer-failure.ts';
import { answerLock } from './answer-lock.ts';
import { nextRetry, retryStore, type RetryState } from './answer-retry-state.ts';
import { streamAnswer, waitOrOnline } from './answer-stream.ts';
import { extractLinks } from './extract-links.ts';
import { createAnswerFlow, type Answering } from './answer-flow.ts';
import type { AnswerRules } from './answer-rules.ts';

export type { Answering, AnswerFailure, RetryState };

const area = (): Storage | undefined => (typeof localStorage == 'undefined' ? undefined : localStorage);
// One lock guard and store per project and page: every widget of the project on the page shares them.
const shared = new Map<string, Pick<Answering, 'lock' | 'retries'>>();

/** `rules`: the core's, from the widget (answer-rules.ts); `page`: the lock guard and wait store (tests give their own). */
export function createAnswering(source: AnswerSource, rules: AnswerRules, page?: Pick<Answering, 'lock' | 'retries'>): Answering {
  let mine = shared.get(rules.namespace);
  if (!mine) shared.set(rules.namespace, (mine = { lock: answerLock(rules.namespace), retries: retryStore(rules, area) }));
  return {
    source,
    extractLinks,
    stream: streamAnswer,
    classify: (e) => classifyAnswerError(e, typeof navigator == 'undefined' || navigator.onLine !== false, rules, Date.now()),
    nextRetry: (...a) => nextRetry(rules, ...a),
    isTransient,
    wait: waitOrOnline,
    flow: createAnswerFlow,
    ...(page ?? mine),
  };
}
