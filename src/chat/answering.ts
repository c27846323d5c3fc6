/**
 * What the chat session needs to answer, all in the lazy panel chunk (the script-tag bundle holds
 * none of it): the answering flow, the source, link extraction, streaming, failure classification,
 * the stored wait of an unanswered question and the lock that makes one tab answer a conversation.
 */
import type { AnswerSource } from '../widget-core/widget-types.ts';
import { classifyAnswerError, type AnswerFailure } from './answer-failure.ts';
import { answerLock } from './answer-lock.ts';
import { askedNow, nextRetry, retryStore, waitsForVisitor, type RetryState } from './answer-retry-state.ts';
import { newAnswer, streamAnswer, waitOrOnline } from './answer-stream.ts';
import { extractLinks } from './extract-links.ts';
import { createAnswerFlow, type Answering } from './answer-flow.ts';
import type { AnswerRules } from './answer-rules.ts';
import { storageArea } from '../storage/page-storage.ts';

export type { Answering, AnswerFailure, RetryState };

// One lock guard and store per project and page: every widget of the project on the page shares them.
const shared = new Map<string, Pick<Answering, 'lock' | 'retries'>>();

/** `rules`: the core's, from the widget (answer-rules.ts); `page`: the lock guard and wait store (tests give their own). */
export function createAnswering(source: AnswerSource, rules: AnswerRules, page?: Pick<Answering, 'lock' | 'retries'>): Answering {
  let mine = shared.get(rules.namespace);
  if (!mine) shared.set(rules.namespace, (mine = { lock: answerLock(rules.namespace), retries: retryStore(rules, storageArea('localStorage')) }));
  return {
    source,
    extractLinks,
    stream: streamAnswer,
    newAnswer,
    classify: (e) => classifyAnswerError(e, typeof navigator == 'undefined' || navigator.onLine !== false, rules, Date.now()),
    nextRetry: (...a) => nextRetry(rules, ...a),
    waitsForVisitor,
    askedNow,
    wait: waitOrOnline,
    flow: createAnswerFlow,
    ...(page ?? mine),
  };
}
