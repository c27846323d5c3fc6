/**
 * Turns request bodies (already accepted by the SDK's schemas, see sdk-schemas.ts) into the
 * documents the analytics API returns: server-chosen ids and timestamps filled in, every nullable
 * field present (null when absent), and a conversation's message list replaced wholesale, because
 * the API says "always include all messages" and the widget relies on resending being harmless.
 * Fields are taken from the JSON as sent (timestamps keep the client's spelling).
 */
import { randomUUID } from 'node:crypto';

type Json = Record<string, unknown>;

const CONVERSATION_FIELDS = ['externalId', 'externalUrl', 'supportTicketConversationId', 'projectId', 'integrationId', 'visibility', 'userProperties', 'properties', 'tags'] as const;
const MESSAGE_FIELDS = ['externalId', 'externalUrl', 'role', 'content', 'name', 'links', 'properties', 'userProperties'] as const;
const FEEDBACK_FIELDS = ['type', 'messageId', 'reasons', 'details', 'properties', 'userProperties', 'sources'] as const;
const EVENT_FIELDS = ['type', 'projectId', 'integrationId', 'properties', 'userProperties'] as const;

/** `{ key: body[key] ?? null }` for each key: the API returns absent nullable fields as null. */
function fields<K extends string>(body: Json, keys: readonly K[]): Record<K, unknown> {
  return Object.fromEntries(keys.map((k) => [k, body[k] ?? null])) as Record<K, unknown>;
}

/** A client id when one was given (non-empty), else a new one. */
const idOf = (body: Json, previous?: string): string => (typeof body.id === 'string' && body.id !== '' ? body.id : (previous ?? randomUUID()));
const stamp = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface StoredMessage extends Record<(typeof MESSAGE_FIELDS)[number], unknown> {
  id: string;
  createdAt: string;
  updatedAt: string;
  type: string;
  conversationId: string;
}

export interface StoredConversation extends Record<(typeof CONVERSATION_FIELDS)[number], unknown> {
  id: string;
  type: string;
  createdAt: string;
  updatedAt: string;
  messages: StoredMessage[];
}

export function storedConversation(input: Json, previous: StoredConversation | undefined, now: string): StoredConversation {
  const id = idOf(input, previous?.id);
  const type = String(input.type);
  const earlier = new Map(previous?.messages.map((m) => [m.id, m]));
  const messages = (input.messages as Json[]).map((m): StoredMessage => {
    const messageId = idOf(m);
    const before = earlier.get(messageId);
    const createdAt = stamp(m.createdAt) ?? before?.createdAt ?? now;
    return {
      id: messageId,
      ...fields(m, MESSAGE_FIELDS),
      // OpenAI-type conversations carry tool calls; the API returns them as `toolCalls`.
      ...(m.tool_calls !== undefined ? { toolCalls: m.tool_calls } : {}),
      createdAt,
      updatedAt: stamp(m.updatedAt) ?? before?.updatedAt ?? createdAt,
      type,
      conversationId: id,
    };
  });
  return {
    id,
    type,
    ...fields(input, CONVERSATION_FIELDS),
    createdAt: stamp(input.createdAt) ?? previous?.createdAt ?? now,
    updatedAt: stamp(input.updatedAt) ?? now,
    messages,
  };
}

export function storedFeedback(input: Json, previous: { id: string; createdAt: string } | undefined, now: string) {
  return {
    id: idOf(input, previous?.id),
    ...fields(input, FEEDBACK_FIELDS),
    createdAt: stamp(input.createdAt) ?? previous?.createdAt ?? now,
    updatedAt: stamp(input.updatedAt) ?? now,
  };
}

export function storedEvent(input: Json, previous: { id: string; createdAt: string } | undefined, now: string) {
  const target = input.entityType === 'message' ? 'messageId' : input.entityType === 'conversation' ? 'conversationId' : 'searchQuery';
  return {
    id: idOf(input, previous?.id),
    entityType: input.entityType,
    [target]: input[target],
    ...fields(input, EVENT_FIELDS),
    createdAt: stamp(input.createdAt) ?? previous?.createdAt ?? now,
  };
}
