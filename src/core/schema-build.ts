/**
 * The zod/mini half of core/schema.ts: the API's request bodies as schemas, built when first used.
 * A file of its own so that the script-tag build can leave it (and zod) out of the core chunk: there
 * it is the work chunk's (entries/work-script.ts), fetched when a check is first needed
 * (entries/schema-build-script.ts stands in for this file in the core chunk, vite.config.ts).
 * npm builds import it as it is: their checks stay synchronous.
 */
import * as z from 'zod/mini';
import { isAbsoluteUrl, isIsoDate, isJsonData, isPlainObject, JSON_DATA, VISIBILITIES } from './value-rules.ts';

/** A `typeof` check: the issue says what was expected, as zod's string class would (parse-or-throw.ts). */
const typed = <T>(type: string) => z.custom<T>((v) => typeof v == type && (type != 'number' || Number.isFinite(v)), { params: { expected: type } });
/** One of `values`: the issue lists them, as zod's literal class would. */
export const oneOf = <const T extends readonly string[]>(values: T) => z.custom<T[number]>((v) => values.includes(v as string), { params: { values } });

export function buildSchemas() {
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
export type Schemas = ReturnType<typeof buildSchemas>;

/**
 * False: the schemas can be built now. The script tag's stand-in says true until its chunk is here;
 * every wait for them is under `if (SCHEMAS_LATER)`, so that a bundler drops it from npm builds.
 */
export const SCHEMAS_LATER: boolean = false;
/** Nothing to wait for (the script tag's stand-in loads its chunk). */
export const whenBuildable = (): Promise<void> => Promise.resolve();
