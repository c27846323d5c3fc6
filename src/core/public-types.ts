/**
 * The public API's types: everything an integrator sees, declared before the code that implements
 * it and re-exported by name from the entry points. Internal contracts live next to their owners
 * (records in outbox-record.ts, the store in storage/outbox-store.ts, sending in transport/).
 */
import type { Link, Message, UserProperties } from './schema.ts';
import type { SupportCopilotError } from './support-copilot-error.ts';

export type { AnalyticsEvent, Conversation, Feedback, Link, Message, UserProperties } from './schema.ts';

/**
 * Consent flags, with Inkeep's names, so one visitor's choice means the same across Inkeep tools.
 * Set at start (`privacyPreferences`) or any time with `setConsent` (merged). See docs/privacy.md.
 */
export interface PrivacyPreferences {
  /**
   * No analytics cookie: the anonymous id lives in sessionStorage (or memory) only, our cookie is
   * removed, and `identificationType` is `ANONYMOUS`. Attribute: `data-opt-out-analytical-cookies`.
   * @default false
   */
  optOutAnalyticalCookies?: boolean;
  /**
   * The current conversation is remembered for this tab only (sessionStorage, not localStorage).
   * Attribute: `data-opt-out-functional-cookies`.
   * @default false
   */
  optOutFunctionalCookies?: boolean;
  /**
   * Nothing is stored for delivery and nothing is sent (data stored before stays, unsent, until
   * consent returns); no cookie. The chat still answers. Attribute: `data-opt-out-all-analytics`.
   * @default false
   */
  optOutAllAnalytics?: boolean;
}

/** The signed-in user, as the host page knows them. `id` switches identification to ID_PROVIDED. */
export interface UserIdentity {
  /** The host's own user id (non-empty): sent as `userProperties.id` with `identificationType: 'ID_PROVIDED'`. */
  id?: string | number;
  /** Sent as `userProperties.email`. */
  email?: string;
  /** Sent as `userProperties.name`. */
  name?: string;
  /** The user's type (e.g. `'customer'`, `'admin'`), sent as `userProperties.userType`. */
  type?: string;
  /** Any other key is kept in `userProperties`. */
  [key: string]: unknown;
}

/** The support agent using the copilot: sent as `userProperties.supportAgentName` / `supportAgentEmail`. */
export interface SupportAgent {
  name?: string;
  email?: string;
}

/** Options of `createConversationLogger` (and of the widget, which adds its own). Reference: docs/configuration.md. */
export interface LoggerConfig {
  /**
   * Web integration key, sent as `Authorization: Bearer`. Public by design; never written to
   * IndexedDB. Required. Attribute: `data-api-key`.
   * @example 'WEB_INTEGRATION_KEY'
   */
  apiKey: string;
  /**
   * Base URL of the analytics API (absolute http(s); `/conversations`, `/feedback`, `/events` are
   * appended; trailing slashes removed). Attribute: `data-analytics-url` (may be relative there).
   * @default 'https://api.analytics.inkeep.com'
   */
  analyticsUrl?: string;
  /** Sent as `projectId` on conversations and events. Attribute: `data-project-id`. @default undefined (not sent) */
  projectId?: string;
  /** Sent as `integrationId` on conversations and events. Attribute: `data-integration-id`. @default undefined (not sent) */
  integrationId?: string;
  /** The signed-in user; all keys go into `userProperties`. Same as `identify(user)`. @default undefined (anonymous) */
  user?: UserIdentity;
  /** Support-agent context: `userProperties.supportAgentName` / `supportAgentEmail`. @default undefined */
  supportAgent?: SupportAgent;
  /** Consent flags; change at run time with `setConsent`. @default {} (all false) */
  privacyPreferences?: PrivacyPreferences;
  /** Name of the anonymous-id cookie. Attribute: `data-cookie-name`. @default 'inkeepUsagePreferences_userId' (shared with Inkeep's own widget) */
  cookieName?: string;
  /** e.g. '.example.com' to share the anonymous id across subdomains. Attribute: `data-cookie-domain`. @default undefined (host-only cookie) */
  cookieDomain?: string;
  /** Coalescing window after an append before a flush. Attribute: `data-flush-delay-ms`. @default 250 */
  flushDelayMs?: number;
  /** Bytes the outbox may keep; past it, delivered data is evicted, then new input is refused (`storage_full`). @default 20971520 (20 MiB) */
  maxStoredBytes?: number;
  /** How long delivered conversations are kept after their last write (they must stay whole to accept more messages). @default 604800000 (7 days) */
  retentionMs?: number;
  /** Give up on a request after this long and retry later. @default 30000 */
  requestTimeoutMs?: number;
  /** How long to wait for IndexedDB to open before running in memory. @default 3000 */
  storageTimeoutMs?: number;
  /** Called with every error the logger reports (delivery rejected, configuration, storage); see `ErrorCode`. @default undefined */
  onError?: (error: SupportCopilotError) => void;
  /** Called with every outbox event (`stored`, `delivered`, `retry`, ...). @default undefined */
  onEvent?: (event: LoggerEvent) => void;
}

export type { ErrorCode, SupportCopilotError } from './support-copilot-error.ts';

/** Outbox events, given to `onEvent` and `logger.on()`. `key` is `conversation:<id>`, `feedback:<id>` or `event:<id>`. */
export type LoggerEvent =
  | { type: 'stored'; key: string; rev: number }
  | { type: 'delivered'; key: string; rev: number }
  | { type: 'retry'; key: string; status: number | 'network'; delayMs: number }
  /** `status` is `'redirect'` when the API answered a redirect (never followed). */
  | { type: 'blocked'; key: string; status: number | 'redirect' }
  | { type: 'rejected'; key: string; status: number }
  | { type: 'quarantined'; key: string; reason: string }
  | { type: 'storage'; storage: 'indexeddb' | 'memory' };

/** Counts of outbox documents (conversations, feedback, events) this tab knows. */
export interface OutboxStats {
  /** Documents with data not yet acknowledged by the server, including those in flight. */
  pending: number;
  /** Requests this tab has in flight. */
  inFlight: number;
  /** Documents fully acknowledged and still kept (conversations, for `retentionMs`). */
  delivered: number;
  /** Refused by the API (400, 413, 422, ...): kept, not retried until new input. */
  rejected: number;
  /** Waiting for a configuration change after 401/403/404. */
  blocked: number;
  /** `memory` when IndexedDB is unavailable: undelivered data is lost when the tab closes. */
  storage: 'indexeddb' | 'memory';
  /**
   * Delivered documents waiting for one more request: an earlier request's outcome was unknown
   * (timeout, network error, page gone) and a slow server could still process it after a newer
   * one, so the latest revision is sent again once that request can no longer land.
   */
  settling: number;
  /**
   * `web-locks`: one request per document across all tabs of the site. `tab-only`: the browser
   * denies Web Locks here (a sandboxed or third-party iframe, an insecure context), so sends are
   * serialised within this tab only.
   */
  locks: 'web-locks' | 'tab-only';
}

/** A message as the host gives it; `id` and dates are filled in when absent. */
export interface MessageInput {
  /** Stable message id; re-appending the same id replaces that message. @default a new UUIDv7 */
  id?: string;
  /** e.g. `'user'`, `'assistant'` (the widget shows those two). Required. */
  role: string;
  content?: string | null;
  name?: string | null;
  links?: Link[] | null;
  properties?: Record<string, unknown> | null;
  /** @default the current identity's `userProperties` for `user` messages, none for others */
  userProperties?: UserProperties | null;
  externalId?: string | null;
  externalUrl?: string | null;
  /** A Date or an ISO 8601 string with timezone. @default now */
  createdAt?: Date | string;
  /** @default `createdAt` */
  updatedAt?: Date | string;
}

/** Conversation-level fields a host may set; `id` resumes a conversation stored on this device. */
export interface ConversationOptions {
  /** Continue this conversation (1-255 characters). @default a new UUIDv7 */
  id?: string;
  /** The support ticket this copilot chat belongs to. @default undefined (not sent) */
  supportTicketConversationId?: string | null;
  externalId?: string | null;
  /** e.g. the ticket's URL. @default undefined (not sent) */
  externalUrl?: string | null;
  tags?: string[] | null;
  properties?: Record<string, unknown> | null;
  visibility?: 'private' | 'public' | null;
}

export interface FeedbackInput {
  /** The assistant message the feedback is about. */
  messageId: string;
  type: 'positive' | 'negative';
  /** Re-using an id updates the same feedback (the API upserts by id). */
  id?: string;
  reasons?: { label: string; details?: string | null }[] | null;
  details?: string | null;
  properties?: Record<string, unknown> | null;
}

export type EventInput =
  | { type: string; entityType: 'message'; messageId: string; id?: string; properties?: Record<string, unknown> | null }
  | { type: string; entityType: 'conversation'; conversationId: string; id?: string; properties?: Record<string, unknown> | null };

export interface ConversationHandle {
  readonly id: string;
  /** Validates, then resolves once the message is durable in the outbox (IndexedDB, or memory). */
  append(message: MessageInput): Promise<Message>;
  /** The messages stored for this conversation on this device. */
  messages(): Promise<Message[]>;
  /** Changes conversation-level fields for the next writes. */
  set(fields: Omit<ConversationOptions, 'id'>): void;
  /**
   * Changes conversation-level fields and stores them at once (durable, then delivered with every
   * message), e.g. the ticket a contact form created. Before the first message they go with it.
   */
  update(fields: Omit<ConversationOptions, 'id'>): Promise<void>;
}

/** One conversation of `logger.conversations()`. */
export interface ConversationSummary {
  id: string;
  /** The first question (the first user message), or null when there is none. */
  title: string | null;
  /** ISO 8601: its last message. */
  updatedAt: string;
  messageCount: number;
  /** Everything of it has reached the API. */
  delivered: boolean;
}

export interface IdentitySnapshot {
  id: string | number;
  identificationType: 'ID_PROVIDED' | 'COOKIED' | 'ANONYMOUS';
  userProperties: UserProperties;
}

export interface ConversationLogger {
  /** A new conversation, or `{ id }` to continue one stored on this device. */
  conversation(options?: ConversationOptions): ConversationHandle;
  /** Stores thumbs up/down for `POST /feedback`; resolves once durable. */
  feedback(input: FeedbackInput): Promise<void>;
  /** Stores an interaction event for `POST /events`; resolves once durable. */
  event(input: EventInput): Promise<void>;
  /** Resolves once everything pending is delivered; rejects with why when something is not. */
  flush(): Promise<void>;
  /** Outbox counts and the storage in use. */
  stats(): OutboxStats;
  /** Resolves when storage is chosen and the start-up delivery has been tried. */
  ready(): Promise<void>;
  /** The signed-in user (`null` to forget them); applies to messages written after it. */
  identify(user: UserIdentity | null): void;
  /** Changes consent flags (merged with the current ones), effective at once. */
  setConsent(prefs: PrivacyPreferences): void;
  /** The consent flags in force now. */
  consent(): PrivacyPreferences;
  /** Logout: a new anonymous id; undelivered data is still delivered. */
  reset(): void;
  /** Who the visitor is, as the next payload will say it. */
  identity(): IdentitySnapshot;
  /** Changes configuration at run time (a fixed apiKey unblocks delivery). */
  update(config: Partial<LoggerConfig>): void;
  /** Subscribes to outbox events; returns the unsubscribe function. */
  on(listener: (event: LoggerEvent) => void): () => void;
  /** Stops timers, listeners and tab sync, and closes storage after pending writes. Stored data stays. */
  destroy(): void;
  /** This visitor's conversations stored on this device (those written under the current `userProperties.id`), latest activity first. */
  conversations(): Promise<ConversationSummary[]>;
  /** Deletes a conversation from this device if it is fully delivered (undelivered data is never dropped); resolves true when deleted. */
  forgetConversation(id: string): Promise<boolean>;
}
