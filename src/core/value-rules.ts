/** The value rules the API's schemas (core/schema-build.ts) and the hand-written shapes (core/shape.ts users) share: plain functions, no zod. */
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
