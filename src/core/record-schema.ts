/**
 * The stored shape of an outbox record, checked when records are loaded: data written by another
 * version, or tampered with by the page, is quarantined instead of being sent or crashing.
 */
import { toJson } from './json.ts';
import { ownCopy } from './own-copy.ts';
import { is, opt, shape, test } from './shape.ts';
import { safeParse, type SafeParser } from './parse-or-throw.ts';
import { conversationSchema, eventSchema, feedbackSchema, isPlainObject } from './schema.ts';
import { bump, payloadOf, recordKey, type OutboxRecord } from './outbox-record.ts';

const count = is('number', (n: number) => Number.isInteger(n) && n >= 0, 'expected a whole number >= 0');
const number = is('number');

// Checked without zod (core/shape.ts): this shape is ours, and zod would build it at run time.
export const recordSchema = shape({
  v: test((v) => v === 1, 'expected 1'),
  kind: test((v: string) => ['conversation', 'feedback', 'event'].includes(v), 'expected conversation, feedback or event'),
  id: is('string', (v: string) => v.length > 0, 'must not be empty'),
  body: test(isPlainObject, 'expected an object'),
  messages: opt(test(Array.isArray, 'expected an array')),
  rev: count,
  ackedRev: count,
  attempts: count,
  nextAttemptAt: number,
  state: test((v: string) => ['pending', 'delivered', 'blocked', 'rejected'].includes(v), 'expected pending, delivered, blocked or rejected'),
  lastError: test((v) => v === null || typeof v == 'string', 'expected a string or null'),
  touchedAt: number,
  unsettledRev: opt(count),
  settleAt: opt(number),
});

const payloadSchemas = { conversation: conversationSchema, feedback: feedbackSchema, event: eventSchema };

export type CheckedRecord = { ok: true; record: OutboxRecord; repaired?: string } | { ok: false; reason: string };

/**
 * Returns the record, or a reason it cannot be trusted. Checks the payload it would send, too.
 * A record stored in an older shape that the API refuses (feedback reasons without `details`,
 * before the API's requirement was known) comes back repaired, as a new revision: pending again
 * even if it was rejected, with `repaired` saying what changed. The caller should store it, or a
 * repaired record that the API still refuses would be repaired (and sent) again at every read.
 */
export function checkRecord(key: string, raw: unknown): CheckedRecord {
  // An own-property copy: a field the record lacks must not read as the page's `Object.prototype` one.
  const record = ownCopy(raw) as OutboxRecord;
  const shape = safeParse(recordSchema, record);
  if (!shape.success) return { ok: false, reason: describe(shape.error.issues) };
  if (key !== recordKey(record.kind, record.id)) return { ok: false, reason: `key ${key} does not match ${recordKey(record.kind, record.id)}` };
  if (record.ackedRev > record.rev) return { ok: false, reason: 'ackedRev is ahead of rev' };
  if ((record.unsettledRev === undefined) !== (record.settleAt === undefined)) return { ok: false, reason: 'unsettledRev and settleAt go together' };
  const payload = safeParse(payloadSchemas[record.kind] as SafeParser<Record<string, unknown>>, payloadOf(record));
  if (!payload.success) return { ok: false, reason: describe(payload.error.issues) };
  const reasons = (payload.data as { reasons?: unknown }).reasons;
  if (record.kind === 'feedback' && toJson(reasons) !== toJson(record.body.reasons)) {
    return { ok: true, record: bump({ ...record, body: { ...record.body, reasons } }, record.touchedAt), repaired: 'feedback reasons without details get details ""' };
  }
  return { ok: true, record };
}

function describe(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
