/** The widget's public API types (the headless logger's are in public-types.ts), re-exported by name from the entry points. */
import type { ConversationLogger, IdentitySnapshot, Link, LoggerConfig, Message, MessageInput, OutboxStats, PrivacyPreferences, UserIdentity, UserProperties } from '../core/public-types.ts';

import type { AnswerContext, AnswerFinishReason, AnswerPart, AnswerSource, AnswerSourceLink, AnswerTimeouts, ChatEndpointConfig, ChatOption } from './answer-types.ts';
export type { AnswerContext, AnswerFinishReason, AnswerPart, AnswerSource, AnswerSourceLink, AnswerTimeouts, ChatEndpointConfig, ChatOption };

import type { Strings } from './widget-strings.ts';

export type { Strings };

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
  chat?: ChatEndpointConfig | (AnswerTimeouts & { url?: undefined });
  /** Or answers from the host: an async generator of text deltas or answer parts. Takes precedence over `chat` (whose timeouts still apply: `chat: { idleTimeoutMs }` needs no `url` then). @default undefined */
  answer?: AnswerSource;
  /** @deprecated use `chat.idleTimeoutMs` (this sets the same, when that is not set). Attribute: `data-answer-timeout-ms`. @default 30000 */
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
  // Answers (issue 12)
  /** Shown in the header instead of the title (it names the dialog). Attribute: `data-brand-name`. @default undefined (the `title` string, "Support") */
  brandName?: string;
  /** A logo in the header (decorative, 24 px). Attribute: `data-logo-url`. @default undefined */
  logoUrl?: string;
  /** A line under the header's title. Attribute: `data-subtitle`. @default undefined */
  subtitle?: string;
  /** The greeting of an empty conversation. Attribute: `data-welcome-message`. @default the `empty` string, "Hi! How can we help?" */
  welcomeMessage?: string;
  /** Up to 6 questions shown as buttons in an empty conversation; a click sends one. @default [] */
  suggestedQuestions?: string[];
  /** A short line under the question box (e.g. "Answers are generated by AI and may be wrong."). Attribute: `data-disclaimer`. @default undefined */
  disclaimer?: string;
  /** The reasons offered by the "Not helpful" form (toggle buttons), sent as `reasons[].label`. @default ['Inaccurate', 'Did not answer my question', 'Hard to understand', 'Out of date'] */
  feedbackReasons?: string[];
  /** Shows the analytics delivery status line ("2 messages waiting to be delivered"), for agent consoles. Attribute: `data-show-delivery-status`. @default false */
  showDeliveryStatus?: boolean;
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
  /**
   * Entries of the "Get help" menu, also offered after "Not helpful". When left out, the menu is
   * made from `ticketUrl` (or `createTicket`), `supportEmail` and `supportUrl`: the contact form,
   * an email link, a page. @default those entries (none of them set: no menu)
   */
  getHelp?: GetHelpOption[];
  /** An email address for people: a "Email support" entry in Get help (when `getHelp` is left out). Attribute: `data-support-email`. @default undefined */
  supportEmail?: string;
  /** A page where people answer (a contact page, a forum): a "Support page" entry in Get help (when `getHelp` is left out). Attribute: `data-support-url`. @default undefined */
  supportUrl?: string;
  /**
   * Offers the Get help entries under the chat after "Not helpful" and after an answer that says it
   * does not know (its opening: "I don't know", "I couldn't find ..."); `false` turns both off (the
   * header menu stays). Attribute: `data-offer-help`. @default true
   */
  offerHelp?: boolean;
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

