/** Every user-visible text of the widget; all overridable by the host. */
export interface Strings {
  /** launcher button accessible name */
  launcher: string;
  /** panel title, names the dialog */
  title: string;
  /** textarea accessible name */
  inputLabel: string;
  placeholder: string;
  send: string;
  close: string;
  newConversation: string;
  helpful: string;
  notHelpful: string;
  copy: string;
  retry: string;
  /** shown for a failed answer without its own error text */
  error: string;
  /** screen-reader text of the typing indicator */
  typing: string;
  /** shown in an empty conversation */
  empty: string;
  /** screen-reader prefixes of messages */
  you: string;
  assistant: string;
  /** status line; `{n}` is replaced by the count */
  pending: string;
  pendingOne: string;
}

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
