/** The widget's default (English) text; every string is overridable through `strings`. */
import type { Strings } from '../../widget-core/widget-types.ts';
import { shellStrings } from '../shell/shell-strings.ts';
import { answerStrings } from './answer-strings.ts';

export type { Strings };

export const defaultStrings: Strings = {
  // The launcher's (launcher, close) ship in the script-tag bundle: shell-strings.ts.
  ...shellStrings,
  title: 'Support',
  newConversation: 'New conversation',
  // The panel's messages, composer and answers (issue 12): answer-strings.ts.
  ...answerStrings,
  // Around the chat (issue 13)
  unread: '{n} new answers',
  unreadOne: '1 new answer',
  getHelp: 'Get help',
  conversations: 'Conversations',
  downloadTranscript: 'Download transcript',
  transcriptTitle: 'Support conversation',
  back: 'Back to chat',
  historyEmpty: 'No conversations yet. Your questions will show up here.',
  historyCurrent: 'Current',
  historyNotKept: 'This browser blocks site data, so conversations are not kept here: they last until you leave this page.',
  untitled: 'Conversation without a question',
  deleteConversation: 'Delete from this device',
  conversationDeleted: 'Conversation deleted from this device.',
  contactTitle: 'Contact support',
  contactIntro: 'Tell us what happened and someone from our team will reply by email.',
  nameLabel: 'Name',
  emailLabel: 'Email',
  descriptionLabel: 'What happened?',
  attachTranscript: 'Attach this conversation',
  submit: 'Send to support',
  emailInvalid: 'Enter an email address like name@example.com.',
  descriptionMissing: 'Tell us what happened.',
  sending: 'Sending…',
  sendingOffline: 'You’re offline. Your message is saved and will be sent as soon as you’re back online.',
  sent: 'Thanks, we’ve got it. Your request number is {id}; we’ll reply to {email}.',
  viewTicket: 'View your request',
  sendFailed: 'Your message could not be sent.',
  tryAgain: 'Try again',
  sendAnother: 'Send another message',
  helpOffer: 'Not what you needed? A person from our team can help.',
  dismiss: 'Dismiss',
  // Issue 23
  helpEmail: 'Email support',
  helpPage: 'Support page',
  jumpToLatest: 'Jump to latest',
};
