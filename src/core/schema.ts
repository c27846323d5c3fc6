/**
 * The analytics API's request bodies as zod/mini schemas, shared by the widget (validation at the
 * door) and the reference collector (validation at the server), so the two cannot drift.
 * Mirrors `CreateSupportCopilotConversation`, `/feedback` and `/events` of the Inkeep Analytics
 * API (OpenAPI 0.1.1). Dates travel as ISO 8601 strings with a timezone.
 *
 * Size matters here (every visitor downloads this): formats are checked with `refine` and a
 * plain function instead of zod's URL/datetime/record/discriminated-union classes, which cost
 * about 3 KB gzip more for the same rules.
 */
import * as z from 'zod/mini';

const ISO = /^(\d{4})-(\d\d)-(\d\d)T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i;
/** ISO 8601 with a timezone, and a real calendar day (V8's Date.parse rolls 2026-02-30 over to March). */
export const isIsoDate = (v: string): boolean => {
  const m = ISO.exec(v);
  if (!m || Number.isNaN(Date.parse(v))) return false;
  const day = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return day.getUTCMonth() === +m[2]! - 1 && day.getUTCDate() === +m[3]!;
};
export const isAbsoluteUrl = (v: string): boolean => {
  try {
    return !!new URL(v).protocol;
  } catch {
    return false;
  }
};
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = z.string();
const optStr = z.nullish(str);
const idLike = z.nullish(z.union([str, z.number()]));
/** ISO 8601 with timezone (`Z` or `+hh:mm`), as the API requires. */
export const isoDate = str.check(z.refine(isIsoDate, 'expected an ISO 8601 date with timezone, like 2026-01-31T12:00:00Z'));
const optDate = z.optional(isoDate);
const properties = z.nullish(z.custom<Record<string, unknown>>(isPlainObject, 'expected an object'));
/** Ids we generate and accept: non-empty and bounded. */
export const documentId = str.check(z.refine((v) => v.length > 0 && v.length <= 255, 'expected 1 to 255 characters'));
const nonEmpty = str.check(z.refine((v) => v.length > 0, 'must not be empty'));

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
  url: str.check(z.refine(isAbsoluteUrl, 'expected an absolute URL')),
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
const optUserProperties = z.nullish(userPropertiesSchema);

export const messageSchema = z.object({
  id: z.optional(documentId),
  externalId: optStr,
  externalUrl: optStr,
  createdAt: optDate,
  updatedAt: optDate,
  role: nonEmpty,
  content: optStr,
  name: optStr,
  links: z.nullish(z.array(linkSchema)),
  properties,
  userProperties: optUserProperties,
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
  userProperties: optUserProperties,
  tags: z.nullish(z.array(str)),
  visibility: z.nullish(z.literal(VISIBILITIES)),
  messages: z.array(messageSchema),
});

export const feedbackSchema = z.object({
  id: z.optional(documentId),
  type: z.literal(['positive', 'negative']),
  messageId: documentId,
  createdAt: optDate,
  updatedAt: optDate,
  reasons: z.nullish(z.array(z.object({ label: str, details: optStr }))),
  details: optStr,
  properties,
  userProperties: optUserProperties,
  sources: z.nullish(z.array(z.object({ type: str, title: optStr, url: optStr }))),
});

/** One of `{ entityType: 'message', messageId }` or `{ entityType: 'conversation', conversationId }`. */
export const eventSchema = z
  .object({
    id: z.optional(documentId),
    type: nonEmpty,
    entityType: z.literal(['message', 'conversation']),
    messageId: z.optional(documentId),
    conversationId: z.optional(documentId),
    createdAt: optDate,
    projectId: optStr,
    integrationId: optStr,
    properties,
    userProperties: optUserProperties,
  })
  .check(
    z.refine((e) => (e.entityType === 'message' ? !!e.messageId : !!e.conversationId), {
      message: 'messageId (entityType "message") or conversationId (entityType "conversation") is required',
    }),
  );

export type Link = z.infer<typeof linkSchema>;
export type LinkType = (typeof LINK_TYPES)[number];
export type UserProperties = z.infer<typeof userPropertiesSchema>;
export type Message = z.infer<typeof messageSchema>;
export type Conversation = z.infer<typeof conversationSchema>;
export type Feedback = z.infer<typeof feedbackSchema>;
export type AnalyticsEvent = z.infer<typeof eventSchema>;
