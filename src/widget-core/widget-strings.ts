/** The widget's text, a public type of its own (it is long): every string is overridable through `strings` and translated by the locale packs. */

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
  // Answers (issue 12)
  /** Send while an answer streams */
  stop: string;
  regenerate: string;
  /** confirmation of Copy answer / Copy code, announced */
  copied: string;
  copyCode: string;
  /** the list of an answer's source cards */
  sources: string;
  /** the group of suggested questions */
  suggestedQuestions: string;
  /** a stopped answer's note */
  stopped: string;
  /** the "Not helpful" form: its question, text box, button, and the thanks after it */
  feedbackTitle: string;
  tellUsMore: string;
  submitFeedback: string;
  feedbackThanks: string;
  /** after each question when neither `chat` nor `answer` is configured */
  noAnswerSource: string;
  /** why an answer could not be given, by kind; the transient ones are retried by themselves */
  failOffline: string;
  failTimeout: string;
  failBusy: string;
  failServer: string;
  failRefused: string;
  /** an answer that ended without any text (never stored) */
  failEmpty: string;
  /** a transient failure after the automatic attempts ran out: only the visitor's Retry tries again */
  failGaveUp: string;
  /** while the assistant reasons before answering (its reasoning can be expanded) */
  thinking: string;
  /** the notice under an answer that was cut off: too long, by a content filter, before it finished */
  cutLength: string;
  cutFiltered: string;
  cutIncomplete: string;
  /** a question that could not be stored (never sent): generic, the device's outbox full, the message refused (too long) */
  notSaved: string;
  notSavedFull: string;
  notSavedInvalid: string;
  // Around the chat (issue 13)
  /** launcher badge, for screen readers; `{n}` is replaced by the count */
  unread: string;
  unreadOne: string;
  /** header button and menu that lists the `getHelp` options */
  getHelp: string;
  /** header button and view listing this visitor's conversations on this device */
  conversations: string;
  /** header button: saves the conversation as a Markdown file */
  downloadTranscript: string;
  /** heading of the transcript file */
  transcriptTitle: string;
  back: string;
  /** conversations view: none stored yet */
  historyEmpty: string;
  /** conversations view: marks the one shown in the chat */
  historyCurrent: string;
  /** conversations view: where the browser blocks site data (nothing is kept after the page) */
  historyNotKept: string;
  /** conversations view: title of a conversation without a question */
  untitled: string;
  /** conversations view: the delete button of each row, and what is announced after */
  deleteConversation: string;
  conversationDeleted: string;
  /** contact form */
  contactTitle: string;
  contactIntro: string;
  nameLabel: string;
  emailLabel: string;
  descriptionLabel: string;
  attachTranscript: string;
  submit: string;
  emailInvalid: string;
  descriptionMissing: string;
  /** submission states; `{id}` is the ticket id, `{email}` the visitor's address */
  sending: string;
  sendingOffline: string;
  sent: string;
  viewTicket: string;
  sendFailed: string;
  tryAgain: string;
  sendAnother: string;
  /** offered under the chat after "Not helpful", with its Dismiss button */
  helpOffer: string;
  dismiss: string;
  // Issue 23
  /** the Get help entries made from `supportEmail` and `supportUrl` (the contact form's is `contactTitle`) */
  helpEmail: string;
  helpPage: string;
  /** the button that scrolls the conversation to its end, shown while the reader is above it */
  jumpToLatest: string;
}
