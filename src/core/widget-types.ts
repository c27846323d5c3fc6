/** The widget's public API types (the headless logger's are in public-types.ts), re-exported by name from the entry points. */
import type { ConversationLogger, IdentitySnapshot, Link, LoggerConfig, Message, MessageInput, OutboxStats, PrivacyPreferences, UserIdentity, UserProperties } from './public-types.ts';

// The chat: answer sources.

export interface AnswerContext {
  conversationId: string;
  messages: { role: 'user' | 'assistant'; content: string }[];
  /** aborted when the user starts over, closes, or the composition root times out */
  signal: AbortSignal;
}

/** Yields the answer as text deltas. */
export type AnswerSource = (ctx: AnswerContext) => AsyncIterable<string>;

export interface ChatEndpointConfig {
  /** an OpenAI-compatible `/v1/chat/completions` URL */
  url: string;
  /** sent as `Authorization: Bearer <apiKey>` */
  apiKey?: string;
  model?: string;
  headers?: Record<string, string>;
}

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
}

/** Colour scheme of the widget: `auto` follows the host page's declared `color-scheme` (light when it declares none), `system` the OS. */
export type Theme = 'light' | 'dark' | 'auto' | 'system';

// Around the chat (issue 13)
/** What a "Get help" entry does (Inkeep's `getHelpOptions[].action` shapes). */
export type GetHelpAction =
  /** opens a page, or an email (`mailto:`), in a new tab */
  | { type: 'open_link'; url: string }
  /** calls the host, e.g. to start a live chat; `shouldCloseModal` closes the panel first */
  | { type: 'invoke_callback'; callback: (ctx: GetHelpContext) => void; shouldCloseModal?: boolean }
  /** the built-in contact form (sent with `createTicket` or to `ticketUrl`) */
  | { type: 'open_form' };

export interface GetHelpOption {
  name: string;
  action: GetHelpAction;
}

export interface GetHelpContext {
  /** The conversation shown, as events carry it. */
  conversation: EventConversation;
}

/** What the contact form hands to `createTicket` (and POSTs to `ticketUrl`, as JSON). */
export interface TicketRequest {
  /** One id per submission, the same on every retry: use it as your idempotency key. */
  submissionId: string;
  name: string;
  email: string;
  description: string;
  /** The conversation the visitor was in; the ticket is written onto it. */
  conversationId: string;
  /** The conversation as Markdown, with times (null when the visitor unticked it). */
  transcript: string | null;
  /** The page the form was sent from (origin and path, as `pageContext` allows). */
  page: PageContext | null;
  userProperties: UserProperties;
  createdAt: string;
}

/** The ticket made from a submission; `id` goes to `supportTicketConversationId`, `url` to `externalUrl`. */
export interface Ticket {
  id: string;
  url?: string;
}

/** `properties.page` of each visitor message. */
export interface PageContext {
  url: string;
  title: string;
}

/** The widget's panel views, for `open(view)` and `data-support-copilot-open="view"`. */
export type WidgetView = 'chat' | 'contact' | 'conversations';


/**
 * Event names. Inkeep's widget's names for the same moments (so handlers and dashboards built for
 * it read ours), plus ours where Inkeep has none: `widget_ready`, `identify`, `error`.
 * When each fires and with what: docs/api.md#widget-events.
 */
export type WidgetEventName =
  | 'modal_opened'
  | 'modal_closed'
  | 'user_message_submitted'
  | 'assistant_message_received'
  | 'assistant_answer_displayed'
  | 'assistant_positive_feedback_submitted'
  | 'assistant_negative_feedback_submitted'
  | 'assistant_message_copied'
  | 'assistant_code_block_copied'
  | 'assistant_source_item_clicked'
  | 'assistant_message_inline_link_opened'
  | 'chat_clear_button_clicked'
  | 'get_help_option_clicked'
  | 'user_escalation_indicated'
  | 'chat_error'
  | 'widget_ready'
  | 'identify'
  | 'error';

/** A message as events carry it. */
export interface EventMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  links?: Link[] | null;
}

/** The conversation shown when the event fired, as events carry it (Inkeep's `properties.conversation`). */
export interface EventConversation {
  id: string;
  type: 'support_copilot';
  messages: EventMessage[];
}

/** A widget event, shaped like Inkeep's widget's `InkeepCallbackEvent`. */
export interface WidgetEvent {
  eventName: WidgetEventName;
  properties: {
    conversation: EventConversation;
    /** The message the event is about, when there is one. */
    message?: EventMessage;
    componentType: 'SupportCopilotWidget';
    /** The event's own details (`reasons`, `link`, `language`, `code`, `error`, ...): see docs/api.md. */
    [key: string]: unknown;
  };
  /** Who the visitor is, as the payloads say it. */
  userProperties: UserProperties;
}

/** Options of `createSupportCopilot` and `SupportCopilot('init', ...)`: the logger's plus these. Reference: docs/configuration.md. */
export interface WidgetConfig extends Omit<LoggerConfig, 'onEvent'> {
  /**
   * Any OpenAI-compatible streaming `/v1/chat/completions` endpoint (Inkeep's chat API is one).
   * Attributes: `data-chat-url`, `data-chat-api-key`, `data-chat-model`.
   * @default undefined (questions are stored, not answered)
   * @example { url: '/v1/chat/completions' }
   */
  chat?: ChatEndpointConfig;
  /** Or answers from the host: an async generator of text deltas. Takes precedence over `chat`. @default undefined */
  answer?: AnswerSource;
  /** An answer that sends nothing for this long fails (with Retry). Attribute: `data-answer-timeout-ms`. @default 30000 */
  answerTimeoutMs?: number;
  /** Overrides for any visible text, including accessible names. @default English (`Open support chat`, `Support`, ...) */
  strings?: Partial<Strings>;
  /** Colour scheme: `auto` follows the host page's declared `color-scheme` (light when none), `system` the OS. Attribute: `data-theme`. @default 'auto' */
  theme?: Theme;
  /** Any CSS colour; sets `--sc-primary`. Attribute: `data-primary-color`. @default '#1f4fcc' */
  primaryColor?: string;
  /** Open the panel at start (read at creation only). Attribute: `data-open`. @default false */
  open?: boolean;
  /** Where the widget's host element goes (read at creation only): an element or a CSS selector. Attribute: `data-container`. @default document.body */
  container?: HTMLElement | string;
  /** Support-agent context: `id` -> supportTicketConversationId, `url` -> externalUrl. @default undefined */
  ticket?: { id?: string; url?: string };
  /** Every widget event, named and shaped as Inkeep's widget's (docs/api.md#widget-events). @default undefined */
  onEvent?: (event: WidgetEvent) => void;
  // Around the chat (issue 13)
  /** `inline` renders the panel in `container`'s flow (no launcher, sized by the container). Attribute: `data-mode`. @default 'floating' */
  mode?: 'floating' | 'inline';
  /** `false` hides the round button; open from your own `[data-support-copilot-open]` elements, a shortcut or `open()`. Attribute: `data-launcher`. @default true */
  launcher?: boolean;
  /** Side of the screen for the launcher and panel. Attribute: `data-position`. @default 'right' */
  position?: 'left' | 'right';
  /** Distance in px from the side. Attribute: `data-offset-x`. @default 20 */
  offsetX?: number;
  /** Distance in px from the bottom (e.g. above a cookie banner). Attribute: `data-offset-y`. @default 20 */
  offsetY?: number;
  /** Stacking order of the launcher and panel. Attribute: `data-z-index`. @default 2147483000 */
  zIndex?: number;
  /** Keyboard shortcut that toggles the chat, e.g. `'mod+k'` (mod = Cmd on Apple, Ctrl elsewhere); never while the visitor types in a field. Attribute: `data-shortcut`. @default undefined (none) */
  shortcut?: string;
  /** Language of the widget's text (`en`, `es`, `fr`, `de`, `pt`, `ja`, `zh`, `ar`, `he`); `ar` and `he` are right to left. Attribute: `data-locale`. @default the page's `lang`, then the browser's language */
  locale?: string;
  /** Entries of the "Get help" menu, also offered after "Not helpful". @default undefined (no menu) */
  getHelp?: GetHelpOption[];
  /** Creates a ticket from the contact form; reject with `{ retryable: false }` to show the visitor a failure, any other rejection is retried. @default undefined */
  createTicket?: (request: TicketRequest) => Promise<Ticket>;
  /** Or an endpoint the contact form POSTs its `TicketRequest` to (JSON, `Idempotency-Key` header), answering `{ id, url? }`. Attribute: `data-ticket-url`. @default undefined */
  ticketUrl?: string;
  /** What `properties.page` records of the page a question was asked on: `path` (origin and path), `full` (with query and fragment), `none`. Attribute: `data-page-context`. @default 'path' */
  pageContext?: 'path' | 'full' | 'none';
}

/** What `createSupportCopilot()` returns; every method is also a script-tag command by name. Reference: docs/api.md. */
export interface SupportCopilot {
  /** Opens the panel (its code loads on first open), on a view: `chat` (default), `contact` (the contact form) or `conversations`. */
  open(view?: WidgetView): void;
  /** Closes the panel; focus returns to the launcher. */
  close(): void;
  toggle(): void;
  /** The signed-in user (`null` to forget them). New messages carry `identificationType: 'ID_PROVIDED'`. */
  identify(user: UserIdentity | null): void;
  /** Logout: new anonymous id and a new conversation; undelivered data is still delivered. */
  reset(): void;
  /** Changes consent flags (merged with the current ones), effective at once. */
  setConsent(preferences: PrivacyPreferences): void;
  /** Changes options (merged). A new `apiKey` or `analyticsUrl` resumes blocked delivery; `open` and `container` are read at creation only. */
  update(config: Partial<WidgetConfig>): void;
  /** Adds a message to the current conversation (durable, then delivered) and shows it. */
  logMessage(message: MessageInput): Promise<Message>;
  /** Starts a new, empty conversation. */
  newConversation(): void;
  /** Tries to deliver everything now; rejects with a `SupportCopilotError` saying what is not delivered. */
  flush(): Promise<void>;
  /** The outbox: pending, in flight, delivered, rejected, blocked, storage mode. */
  stats(): OutboxStats;
  /** Who the visitor is, as the payload says it. */
  identity(): IdentitySnapshot;
  /** The conversation shown now. */
  currentConversation(): string;
  /** Subscribes to a widget event (or `'*'` for all); returns the unsubscribe function. */
  on(eventName: WidgetEventName | '*', listener: (event: WidgetEvent) => void): () => void;
  off(eventName: WidgetEventName | '*', listener: (event: WidgetEvent) => void): void;
  /** The conversation shown now. */
  readonly conversationId: string;
  /** The widget's headless core (feedback, events, logger events). */
  readonly logger: ConversationLogger;
  /** Removes every node, listener, timer and lock the widget created. Stored data stays. */
  destroy(): void;
}

