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
import type * as z from 'zod/mini';
import { unpolluted } from './own-copy.ts';
import type { Checker } from './parse-or-throw.ts';
import { buildSchemas, SCHEMAS_LATER, whenBuildable, type Schemas } from './schema-build.ts';
import { isPlainObject, type LINK_TYPES } from './value-rules.ts';

export { isAbsoluteUrl, isIsoDate, isJsonData, isPlainObject, JSON_DATA, LINK_TYPES, MAX_DATA_DEPTH, VISIBILITIES } from './value-rules.ts';

let built: Schemas | undefined;
/**
 * True while a check must wait for the schemas (the script tag's work chunk is not here yet; always
 * false in npm builds, where every `if (SCHEMAS_LATER)` is dropped). A live binding: read it, never copy it.
 */
export { SCHEMAS_LATER };
/**
 * Resolves once the schemas can be used (the script tag's work chunk has loaded, fetching it if it
 * must) or rejects (it could not: the next wait tries again). Every check that may run before the
 * first open waits for it (conversation-handle.ts, conversation-logger.ts, outbox.ts).
 */
export const schemasReady = whenBuildable;
// Built with the page's prototype keys hidden: zod's constructors loop over their own objects with `for...in`.
const schemas = (): Schemas => (built ??= unpolluted(buildSchemas));
/**
 * Builds them now if they can be built without a fetch (a step of its own in the widget's start:
 * zod's constructors are its largest part); in the script tag before the work chunk, nothing.
 */
export const prepareSchemas = (): void => void (SCHEMAS_LATER || schemas());
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
