/** Public and internal interfaces of the logging core, declared before the code that implements them. */
import type { Conversation, Link, Message, UserProperties } from './schema.ts';

export type { AnalyticsEvent, Conversation, Feedback, Link, Message, UserProperties } from './schema.ts';

/** Inkeep's names, so one visitor's choice means the same across Inkeep tools. */
export interface PrivacyPreferences {
  /** No analytics cookie: the anonymous id lives in sessionStorage (or memory) only. @default false */
  optOutAnalyticalCookies?: boolean;
  /** The current conversation is remembered for this tab only (sessionStorage). @default false */
  optOutFunctionalCookies?: boolean;
  /** Nothing is stored for delivery and nothing is sent. @default false */
  optOutAllAnalytics?: boolean;
}

/** The signed-in user, as the host page knows them. `id` switches identification to ID_PROVIDED. */
export interface UserIdentity {
  id?: string | number;
  email?: string;
  name?: string;
  /** Any other key is kept in `userProperties`. */
  [key: string]: unknown;
}

export interface SupportAgent {
  name?: string;
  email?: string;
}

export interface LoggerConfig {
  /** Web integration key, sent as `Authorization: Bearer`. Never written to IndexedDB. */
  apiKey: string;
  /** @default 'https://api.analytics.inkeep.com' */
  analyticsUrl?: string;
  projectId?: string;
  integrationId?: string;
  user?: UserIdentity;
  supportAgent?: SupportAgent;
  privacyPreferences?: PrivacyPreferences;
  /** @default 'inkeepUsagePreferences_userId' (shared with Inkeep's own widget) */
  cookieName?: string;
  /** e.g. '.example.com' to share the anonymous id across subdomains. @default the current host */
  cookieDomain?: string;
  /** Coalescing window after an append before a flush. @default 250 */
  flushDelayMs?: number;
  /** Bytes the outbox may keep; past it, delivered data is evicted, then new input is refused. @default 20 MiB */
  maxStoredBytes?: number;
  /** How long delivered conversations are kept (they must stay whole to accept more messages). @default 7 days */
  retentionMs?: number;
  /** Give up on a request after this long and retry later. @default 30000 */
  requestTimeoutMs?: number;
  /** How long to wait for IndexedDB to open before running in memory. @default 3000 */
  storageTimeoutMs?: number;
  /** Called with every error the logger reports (delivery rejected, configuration, storage). */
  onError?: (error: SupportCopilotError) => void;
  /** Called with every outbox event. */
  onEvent?: (event: LoggerEvent) => void;
}

export type ErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'rejected'
  | 'storage_unavailable'
  | 'storage_full'
  | 'conversation_too_large'
  | 'quarantined'
  | 'delivery_failed';

export interface SupportCopilotError extends Error {
  code: ErrorCode;
  /** HTTP status, when the error came from the server. */
  status?: number;
  /** The outbox key (`conversation:<id>`) concerned, if any. */
  key?: string;
}

export type LoggerEvent =
  | { type: 'stored'; key: string; rev: number }
  | { type: 'delivered'; key: string; rev: number }
  | { type: 'retry'; key: string; status: number | 'network'; delayMs: number }
  | { type: 'blocked'; key: string; status: number }
  | { type: 'rejected'; key: string; status: number }
  | { type: 'quarantined'; key: string; reason: string }
  | { type: 'storage'; storage: 'indexeddb' | 'memory' };

export interface OutboxStats {
  /** Documents with data not yet acknowledged by the server, including those in flight. */
  pending: number;
  inFlight: number;
  delivered: number;
  rejected: number;
  blocked: number;
  storage: 'indexeddb' | 'memory';
}

/** A message as the host gives it; `id` and dates are filled in when absent. */
export interface MessageInput {
  id?: string;
  role: string;
  content?: string | null;
  name?: string | null;
  links?: Link[] | null;
  properties?: Record<string, unknown> | null;
  userProperties?: UserProperties | null;
  externalId?: string | null;
  externalUrl?: string | null;
  createdAt?: Date | string;
  updatedAt?: Date | string;
}

/** Conversation-level fields a host may set; `id` resumes a conversation stored on this device. */
export interface ConversationOptions {
  id?: string;
  supportTicketConversationId?: string | null;
  externalId?: string | null;
  externalUrl?: string | null;
  tags?: string[] | null;
  properties?: Record<string, unknown> | null;
  visibility?: 'private' | 'public' | null;
}

export type RecordKind = 'conversation' | 'feedback' | 'event';
export type RecordState = 'pending' | 'delivered' | 'blocked' | 'rejected';

/** One document of the outbox, stored under `${kind}:${id}`. */
export interface OutboxRecord {
  v: 1;
  kind: RecordKind;
  id: string;
  /** The payload without `messages`; for conversations the messages are kept beside it. */
  body: Record<string, unknown>;
  messages?: Message[];
  /** Bumped on every write; the server holds everything up to `ackedRev`. */
  rev: number;
  ackedRev: number;
  attempts: number;
  nextAttemptAt: number;
  state: RecordState;
  lastError: string | null;
  /** Epoch ms of the last write, for retention. */
  touchedAt: number;
}

/** Applies each key's updaters in order; an updater returning undefined deletes the key. */
export type Updater = (old: unknown) => unknown;

/** Where the outbox lives. Implemented by IndexedDB and by memory; both behave alike. */
export interface OutboxStore {
  readonly kind: 'indexeddb' | 'memory';
  get(key: string): Promise<unknown>;
  entries(): Promise<[string, unknown][]>;
  /** All updaters run in one transaction: either every write lands or none does. */
  transact(updates: Map<string, Updater[]>): Promise<void>;
  /** Moves a record out of the outbox into quarantine, in one transaction. */
  quarantine(key: string, raw: unknown, reason: string): Promise<void>;
  quarantined(): Promise<[string, unknown][]>;
  close(): void;
}

export interface SendResult {
  status: number | 'network';
  retryAfter?: string | null;
  error?: string;
}

/** The whole conversation payload, as sent. */
export type ConversationBody = Conversation;
export type { Message as StoredMessage, UserProperties as Identity };

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
}

export interface IdentitySnapshot {
  id: string | number;
  identificationType: 'ID_PROVIDED' | 'COOKIED' | 'ANONYMOUS';
  userProperties: UserProperties;
}

export interface ConversationLogger {
  /** A new conversation, or `{ id }` to continue one stored on this device. */
  conversation(options?: ConversationOptions): ConversationHandle;
  feedback(input: FeedbackInput): Promise<void>;
  event(input: EventInput): Promise<void>;
  /** Resolves once everything pending is delivered; rejects with why when something is not. */
  flush(): Promise<void>;
  stats(): OutboxStats;
  /** Resolves when storage is chosen and the start-up delivery has been tried. */
  ready(): Promise<void>;
  identify(user: UserIdentity | null): void;
  setConsent(prefs: PrivacyPreferences): void;
  /** Logout: a new anonymous id; undelivered data is still delivered. */
  reset(): void;
  identity(): IdentitySnapshot;
  /** Changes configuration at run time (a fixed apiKey unblocks delivery). */
  update(config: Partial<LoggerConfig>): void;
  on(listener: (event: LoggerEvent) => void): () => void;
  destroy(): void;
}
