/** The widget's default (English) text; every string is overridable through `strings`. */
import type { Strings } from '../core/widget-types.ts';

export type { Strings };

export const defaultStrings: Strings = {
  launcher: 'Open support chat',
  title: 'Support',
  inputLabel: 'Ask a question',
  placeholder: 'Type your question…',
  send: 'Send',
  close: 'Close chat',
  newConversation: 'New conversation',
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
};
