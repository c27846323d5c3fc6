/** The widget's default (English) text; every string is overridable through `strings`. */
import type { Strings } from '../core/widget-types.ts';
import type { answerStrings } from './answer-strings.ts';

export type { Strings };

/** The chat panel's own strings default in the panel chunk (answer-strings.ts): only these load with the launcher. */
export const defaultStrings: Omit<Strings, keyof typeof answerStrings> = {
  launcher: 'Open support chat',
  title: 'Support',
  close: 'Close chat',
  newConversation: 'New conversation',
};
