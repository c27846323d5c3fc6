/**
 * Default (English) text of the chat panel's messages, composer and answers, in the panel chunk
 * only (strings.ts, in every visitor's download, holds the launcher's and the header's). Each is
 * overridable through `strings` like any other; the panel fills in these where the host gave none.
 */
import type { Strings } from '../../widget-core/widget-types.ts';

export const answerStrings: Pick<
  Strings,
  | 'inputLabel' | 'placeholder' | 'send' | 'helpful' | 'notHelpful' | 'copy' | 'retry' | 'error' | 'typing' | 'empty' | 'you' | 'assistant' | 'pending' | 'pendingOne'
  | 'stop' | 'regenerate' | 'copied' | 'copyCode' | 'sources' | 'suggestedQuestions' | 'stopped' | 'feedbackTitle' | 'tellUsMore' | 'submitFeedback'
  | 'feedbackThanks' | 'noAnswerSource' | 'failOffline' | 'failTimeout' | 'failBusy' | 'failServer' | 'failRefused'
  | 'failEmpty' | 'failGaveUp' | 'thinking' | 'cutLength' | 'cutFiltered' | 'cutIncomplete'
  | 'notSaved' | 'notSavedFull' | 'notSavedInvalid'
> = {
  inputLabel: 'Ask a question',
  placeholder: 'Type your question…',
  send: 'Send',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  copy: 'Copy answer',
  retry: 'Retry',
  error: 'Something went wrong. Please try again.',
  typing: 'Assistant is typing',
  empty: 'Hi! How can we help?',
  you: 'You',
  assistant: 'Assistant',
  pending: '{n} messages waiting to be delivered',
  pendingOne: '1 message waiting to be delivered',
  // Answers (issue 12)
  stop: 'Stop generating',
  regenerate: 'Regenerate',
  copied: 'Copied',
  copyCode: 'Copy code',
  sources: 'Sources',
  suggestedQuestions: 'Suggested questions',
  stopped: 'Stopped',
  feedbackTitle: 'What went wrong?',
  tellUsMore: 'Tell us more',
  submitFeedback: 'Submit feedback',
  feedbackThanks: 'Thanks, your feedback helps us improve.',
  noAnswerSource: 'No assistant is available here yet. Your question is saved; to reach a person, please use this site’s contact options.',
  failOffline: 'You’re offline. We’ll answer as soon as you’re back.',
  failTimeout: 'The assistant is taking too long. We’ll try again shortly.',
  failBusy: 'The assistant is busy right now. We’ll try again shortly.',
  failServer: 'The assistant is having trouble right now. We’ll try again shortly.',
  failRefused: 'The assistant could not answer this question.',
  // Answer endings (issue 19)
  failEmpty: 'No answer came back. Please try again.',
  failGaveUp: 'The assistant still can’t answer right now. Please try again in a little while.',
  thinking: 'Thinking…',
  cutLength: 'This answer was cut off because it got too long.',
  cutFiltered: 'This answer was cut off by a content filter.',
  cutIncomplete: 'This answer was cut off before it finished.',
  notSaved: 'Not sent: your message could not be saved. Please try again.',
  notSavedFull: 'Not sent yet: earlier messages are still waiting to be delivered. Try again in a moment.',
  notSavedInvalid: 'This message can’t be sent. It may be too long.',
};

export const defaultFeedbackReasons = ['Inaccurate', 'Did not answer my question', 'Hard to understand', 'Out of date'];
