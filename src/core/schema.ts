/**
 * The analytics API's request bodies as zod/mini schemas, shared by the widget (validation at the
 * door) and the reference collector (validation at the server), so the two cannot drift.
 * Mirrors `CreateSupportCopilotConversation`, `/feedback` and `/events` of the Inkeep Analytics
 * API (OpenAPI 0.1.1). Dates travel as ISO 8601 strings with a timezone.
 */
import * as z from 'zod/mini';

const str = z.string();
const optStr = z.nullish(str);
const idLike = z.nullish(z.union([z.string(), z.number()]));
/** ISO 8601 with timezone (`Z` or `+hh:mm`), as the API requires. */
export const isoDate = z.iso.datetime({ offset: true });
const optDate = z.optional(isoDate);
const properties = z.nullish(z.record(z.string(), z.unknown()));
/** Ids we generate and accept: non-empty, bounded, printable. */
export const documentId = z.string().check(z.minLength(1), z.maxLength(255));

/** Inkeep's known link types; any other string is accepted too. */
export const LINK_TYPES = [
  'documentation',
  'site',
  'discourse_post',
  'github_issue',
  'github_discussion',
  'stackoverflow_question',
  'discord_forum_post',
  'discord_message',
  'custom_question_answer',
] as const;

export const linkSchema = z.object({
  url: z.url(),
  label: optStr,
  title: optStr,
  description: optStr,
  breadcrumbs: z.nullish(z.array(str)),
  type: optStr,
});

/** Open object: unknown keys are allowed and kept, as the API does. */
export const userPropertiesSchema = z.looseObject({
  id: idLike,
  identificationType: optStr,
  userId: idLike,
  supportAgentName: optStr,
  supportAgentEmail: optStr,
  userType: optStr,
});

export const messageSchema = z.object({
  id: z.optional(documentId),
  externalId: optStr,
  externalUrl: optStr,
  createdAt: optDate,
  updatedAt: optDate,
  role: str.check(z.minLength(1, 'role must be a non-empty string')),
  content: optStr,
  name: optStr,
  links: z.nullish(z.array(linkSchema)),
  properties,
  userProperties: z.nullish(userPropertiesSchema),
});

export const VISIBILITIES = ['private', 'public'] as const;

export const conversationSchema = z.object({
  id: z.optional(documentId),
  externalId: optStr,
  externalUrl: optStr,
  type: z.literal('support_copilot'),
  supportTicketConversationId: optStr,
  createdAt: optDate,
  updatedAt: optDate,
  projectId: optStr,
  integrationId: optStr,
  properties,
  userProperties: z.nullish(userPropertiesSchema),
  tags: z.nullish(z.array(str)),
  visibility: z.nullish(z.enum(VISIBILITIES)),
  messages: z.array(messageSchema),
});

export const feedbackSchema = z.object({
  id: z.optional(documentId),
  type: z.enum(['positive', 'negative']),
  messageId: documentId,
  createdAt: optDate,
  updatedAt: optDate,
  reasons: z.nullish(z.array(z.object({ label: str, details: optStr }))),
  details: optStr,
  properties,
  userProperties: z.nullish(userPropertiesSchema),
  sources: z.nullish(z.array(z.object({ type: str, title: optStr, url: optStr }))),
});

const eventBase = {
  id: z.optional(documentId),
  type: str.check(z.minLength(1)),
  createdAt: optDate,
  projectId: optStr,
  integrationId: optStr,
  properties,
  userProperties: z.nullish(userPropertiesSchema),
};

export const eventSchema = z.discriminatedUnion('entityType', [
  z.object({ ...eventBase, entityType: z.literal('message'), messageId: documentId }),
  z.object({ ...eventBase, entityType: z.literal('conversation'), conversationId: documentId }),
]);

export type Link = z.infer<typeof linkSchema>;
export type LinkType = (typeof LINK_TYPES)[number];
export type UserProperties = z.infer<typeof userPropertiesSchema>;
export type Message = z.infer<typeof messageSchema>;
export type Conversation = z.infer<typeof conversationSchema>;
export type Feedback = z.infer<typeof feedbackSchema>;
export type AnalyticsEvent = z.infer<typeof eventSchema>;
