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
}

/** Colour scheme of the widget. */
export type Theme = 'light' | 'dark' | 'auto';


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
  /** Colour scheme. Attribute: `data-theme`. @default 'auto' (follows the system) */
  theme?: Theme;
  /** Any CSS colour; sets `--sc-primary`. Attribute: `data-primary-color`. @default '#1f4fcc' */
  primaryColor?: string;
  /** Open the panel at start (read at creation only). Attribute: `data-open`. @default false */
  open?: boolean;
  /** Where the widget's host element goes (read at creation only). @default document.body */
  container?: HTMLElement;
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
}

/** What `createSupportCopilot()` returns; every method is also a script-tag command by name. Reference: docs/api.md. */
export interface SupportCopilot {
  /** Opens the panel (its code loads on first open). */
  open(): void;
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

