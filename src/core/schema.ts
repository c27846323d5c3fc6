/**
 * The analytics API's request bodies as zod/mini schemas: the widget's validation at the door.
 * Mirrors `CreateSupportCopilotConversation`, `/feedback` and `/events` of the Inkeep Analytics
 * API (OpenAPI 0.1.1), never looser: everything accepted here is accepted by the official SDK's
 * own schemas, which the reference collector validates with (server/sdk-schemas.test.ts and
 * server/sdk-agreement.property.test.ts prove it). Dates travel as ISO 8601 strings with seconds
 * and a timezone.
 *
 * Size matters here (every visitor downloads this): formats are checked with `refine` and a
 * plain function instead of zod's URL/datetime/record/discriminated-union classes, which cost
 * about 3 KB gzip more for the same rules; types and enums are `z.custom` too (zod's string,
 * number, union and literal classes cost about 0.5 KB gzip more), their issue carrying what
 * `parseOrThrow` needs to say what was expected and what came.
 * The schemas are built on first use, not when the script is evaluated: building them took a
 * long task on a slow phone before the page had asked for anything.
 */
import * as z from 'zod/mini';
import { unpolluted } from './own-copy.ts';
import type { Checker } from './parse-or-throw.ts';

// The API's date-time: seconds required, `Z` or a `+hh:mm` offset (what both zod 3 and zod 4 accept).
const ISO = /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
/** ISO 8601 with seconds and a timezone, and a real calendar day (V8's Date.parse rolls 2026-02-30 over to March). */
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

/** How deep free-form data (`properties`, extra user keys) may nest; the reference collector allows 64 for a whole body. */
export const MAX_DATA_DEPTH = 32;
/**
 * Data that survives JSON unchanged in shape: plain objects, arrays, strings, numbers, booleans,
 * null (undefined members are dropped, as JSON does), at most `depth` levels deep. A Date, Map,
 * BigInt, function or a cycle is refused here instead of failing or turning into a string on the wire.
 */
export const isJsonData = (v: unknown, depth = MAX_DATA_DEPTH): boolean => {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return true;
  if (typeof v !== 'object' || depth === 0) return false;
  if (Array.isArray(v)) return v.every((x) => isJsonData(x, depth - 1));
  // A toJSON of its own (or its class's) changes what is sent; a page's Object.prototype.toJSON does not (core/json.ts ignores it).
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  return Object.prototype.toString.call(v) === '[object Object]' && (typeof toJSON !== 'function' || toJSON === (Object.prototype as { toJSON?: unknown }).toJSON) && Object.values(v).every((x) => isJsonData(x, depth - 1));
};
export const JSON_DATA = `expected JSON data (no Date, BigInt, function or cycle), at most ${MAX_DATA_DEPTH} levels deep`;

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

export const VISIBILITIES = ['private', 'public'] as const;

/** A `typeof` check: the issue says what was expected, as zod's string class would (parse-or-throw.ts). */
const typed = <T>(type: string) => z.custom<T>((v) => typeof v == type && (type != 'number' || Number.isFinite(v)), { params: { expected: type } });
/** One of `values`: the issue lists them, as zod's literal class would. */
export const oneOf = <const T extends readonly string[]>(values: T) => z.custom<T[number]>((v) => values.includes(v as string), { params: { values } });

function build() {
  const str = typed<string>('string');
  const optStr = z.nullish(str);
  const idLike = z.nullish(z.custom<string | number>((v) => typeof v == 'string' || (typeof v == 'number' && Number.isFinite(v)), { params: { expected: 'string or number' } }));
  /** ISO 8601 with timezone (`Z` or `+hh:mm`), as the API requires. */
  const isoDate = str.check(z.refine(isIsoDate, 'expected an ISO 8601 date with timezone, like 2026-01-31T12:00:00Z'));
  const optDate = z.optional(isoDate);
  const properties = z.nullish(
    z.custom<Record<string, unknown>>(isPlainObject, 'expected an object').check(z.refine((v) => isJsonData(v), JSON_DATA)),
  );
  /** Ids we generate and accept: non-empty and bounded. */
  const documentId = str.check(z.refine((v) => v.length > 0 && v.length <= 255, 'expected 1 to 255 characters'));
  const nonEmpty = str.check(z.refine((v) => v.length > 0, 'must not be empty'));


  const linkSchema = z.object({
    url: str.check(z.refine(isAbsoluteUrl, 'expected an absolute URL')),
    label: optStr,
    title: optStr,
    description: optStr,
    breadcrumbs: z.nullish(z.array(str)),
    type: optStr,
  });

  /**
   * Open object: unknown keys are allowed and kept, as the API does, as JSON data. (zod copies the
   * object's own keys: a Date or Map given here is sent as `{}`, which the API accepts.)
   */
  const userPropertiesSchema = z
    .looseObject({
      id: idLike,
      identificationType: optStr,
      userId: idLike,
      supportAgentName: optStr,
      supportAgentEmail: optStr,
      userType: optStr,
    })
    .check(z.refine((v) => isJsonData(v), JSON_DATA));
  const optUserProperties = z.nullish(userPropertiesSchema);

  const messageSchema = z.object({
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


  const conversationSchema = z.object({
    id: z.optional(documentId),
    externalId: optStr,
    externalUrl: optStr,
    type: oneOf(['support_copilot']),
    supportTicketConversationId: optStr,
    createdAt: optDate,
    updatedAt: optDate,
    projectId: optStr,
    integrationId: optStr,
    properties,
    userProperties: optUserProperties,
    tags: z.nullish(z.array(str)),
    visibility: z.nullish(oneOf(VISIBILITIES)),
    messages: z.array(messageSchema),
  });

  const feedbackSchema = z.object({
    id: z.optional(documentId),
    type: oneOf(['positive', 'negative']),
    messageId: documentId,
    createdAt: optDate,
    updatedAt: optDate,
    // The API requires `details` on every reason: none given is sent as ''.
    reasons: z.nullish(z.array(z.object({ label: str, details: optStr }).check(z.overwrite((r) => ({ ...r, details: r.details ?? '' }))))),
    details: optStr,
    properties,
    userProperties: optUserProperties,
    sources: z.nullish(z.array(z.object({ type: str, title: optStr, url: optStr }))),
  });

  const eventSchema = z.object({
    id: z.optional(documentId),
    type: nonEmpty,
    entityType: oneOf(['message', 'conversation']),
    messageId: z.optional(documentId),
    conversationId: z.optional(documentId),
    createdAt: optDate,
    projectId: optStr,
    integrationId: optStr,
    properties,
    userProperties: optUserProperties,
  });

  return { linkSchema, userPropertiesSchema, messageSchema, conversationSchema, feedbackSchema, eventSchema };
}
type Schemas = ReturnType<typeof build>;
let built: Schemas | undefined;
// Built with the page's prototype keys hidden: zod's constructors loop over their own objects with `for...in`.
const schemas = (): Schemas => (built ??= unpolluted(build));
/** Builds them now (a step of its own in the widget's start: zod's constructors are its largest part). */
export const prepareSchemas = (): void => void schemas();
/** A schema that is built when first used (all of them at once: they share parts). */
const lazy = <K extends keyof Schemas>(name: K): Checker<z.infer<Schemas[K]>> => ({ safeParse: (input) => schemas()[name].safeParse(input) as never });

export const linkSchema = lazy('linkSchema');
export const userPropertiesSchema = lazy('userPropertiesSchema');
export const messageSchema = lazy('messageSchema');
export const conversationSchema = lazy('conversationSchema');
export const feedbackSchema = lazy('feedbackSchema');
/**
 * One of `{ entityType: 'message', messageId }` or `{ entityType: 'conversation', conversationId }`,
 * named on the field itself, as the API's schema does (`messageId: required for entityType "message"`).
 * Checked beside zod, not in it: it must run even when other fields failed, so one answer names every
 * missing field, and a zod check on the object is skipped once a field's check has aborted.
 */
export const eventSchema: Checker<AnalyticsEvent> = {
  safeParse(input) {
    const result = schemas().eventSchema.safeParse(input);
    if (!isPlainObject(input)) return result;
    const field = input.entityType === 'message' ? 'messageId' : 'conversationId';
    if (input[field]) return result;
    const issue = { code: 'custom', path: [field], message: `required for entityType "${typeof input.entityType == 'string' ? input.entityType : typeof input.entityType}"` };
    return { success: false, error: { issues: [...(result.error?.issues ?? []), issue] } };
  },
};

export type Link = z.infer<Schemas['linkSchema']>;
export type LinkType = (typeof LINK_TYPES)[number];
export type UserProperties = z.infer<Schemas['userPropertiesSchema']>;
export type Message = z.infer<Schemas['messageSchema']>;
export type Conversation = z.infer<Schemas['conversationSchema']>;
export type Feedback = z.infer<Schemas['feedbackSchema']>;
export type AnalyticsEvent = z.infer<Schemas['eventSchema']>;
