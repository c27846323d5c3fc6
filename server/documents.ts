/**
 * Turns validated request bodies into the documents the analytics API returns: server-chosen
 * ids and timestamps filled in, every nullable field present (null when absent), and a
 * conversation's message list replaced wholesale, because the API says "always include all
 * messages" and the widget relies on resending being harmless.
 */
import { randomUUID } from 'node:crypto';
import type { AnalyticsEvent, Conversation, Feedback, Message } from '../src/core/schema.ts';

export interface StoredMessage {
  id: string;
  externalId: string | null;
  externalUrl: string | null;
  createdAt: string;
  updatedAt: string;
  role: string;
  content: string | null;
  name: string | null;
  links: Message['links'] | null;
  properties: Record<string, unknown> | null;
  userProperties: Message['userProperties'] | null;
  type: Conversation['type'];
  conversationId: string;
}

export interface StoredConversation {
  id: string;
  externalId: string | null;
  externalUrl: string | null;
  type: Conversation['type'];
  supportTicketConversationId: string | null;
  createdAt: string;
  updatedAt: string;
  projectId: string | null;
  integrationId: string | null;
  visibility: 'private' | 'public' | null;
  userProperties: Conversation['userProperties'] | null;
  properties: Record<string, unknown> | null;
  tags: string[] | null;
  messages: StoredMessage[];
}

export function storedConversation(
  input: Conversation,
  previous: StoredConversation | undefined,
  now: string,
): StoredConversation {
  const id = input.id ?? previous?.id ?? randomUUID();
  const earlier = new Map(previous?.messages.map((m) => [m.id, m]));
  return {
    id,
    externalId: input.externalId ?? null,
    externalUrl: input.externalUrl ?? null,
    type: input.type,
    supportTicketConversationId: input.supportTicketConversationId ?? null,
    createdAt: input.createdAt ?? previous?.createdAt ?? now,
    updatedAt: input.updatedAt ?? now,
    projectId: input.projectId ?? null,
    integrationId: input.integrationId ?? null,
    visibility: input.visibility ?? null,
    userProperties: input.userProperties ?? null,
    properties: input.properties ?? null,
    tags: input.tags ?? null,
    messages: input.messages.map((m) => {
      const messageId = m.id ?? randomUUID();
      const before = earlier.get(messageId);
      const createdAt = m.createdAt ?? before?.createdAt ?? now;
      return {
        id: messageId,
        externalId: m.externalId ?? null,
        externalUrl: m.externalUrl ?? null,
        createdAt,
        updatedAt: m.updatedAt ?? before?.updatedAt ?? createdAt,
        role: m.role,
        content: m.content ?? null,
        name: m.name ?? null,
        links: m.links ?? null,
        properties: m.properties ?? null,
        userProperties: m.userProperties ?? null,
        type: input.type,
        conversationId: id,
      };
    }),
  };
}

export type StoredFeedback = ReturnType<typeof storedFeedback>;

export function storedFeedback(input: Feedback, previous: { createdAt: string } | undefined, now: string) {
  return {
    id: input.id ?? randomUUID(),
    type: input.type,
    messageId: input.messageId,
    createdAt: input.createdAt ?? previous?.createdAt ?? now,
    updatedAt: input.updatedAt ?? now,
    reasons: input.reasons ?? null,
    details: input.details ?? null,
    properties: input.properties ?? null,
    userProperties: input.userProperties ?? null,
    sources: input.sources ?? null,
  };
}

export type StoredEvent = ReturnType<typeof storedEvent>;

export function storedEvent(input: AnalyticsEvent, previous: { createdAt: string } | undefined, now: string) {
  const target =
    input.entityType === 'message'
      ? { entityType: input.entityType, messageId: input.messageId }
      : { entityType: input.entityType, conversationId: input.conversationId };
  return {
    id: input.id ?? randomUUID(),
    type: input.type,
    ...target,
    createdAt: input.createdAt ?? previous?.createdAt ?? now,
    projectId: input.projectId ?? null,
    integrationId: input.integrationId ?? null,
    properties: input.properties ?? null,
    userProperties: input.userProperties ?? null,
  };
}
