/**
 * The stored shape of an outbox record, checked when records are loaded: data written by another
 * version, or tampered with by the page, is quarantined instead of being sent or crashing.
 */
import * as z from 'zod/mini';
import { conversationSchema, eventSchema, feedbackSchema, isPlainObject } from './schema.ts';
import { payloadOf, recordKey, type OutboxRecord } from './outbox-record.ts';

const count = z.number().check(z.refine((n) => Number.isInteger(n) && n >= 0, 'expected a whole number >= 0'));

export const recordSchema = z.object({
  v: z.literal(1),
  kind: z.literal(['conversation', 'feedback', 'event']),
  id: z.string().check(z.refine((v) => v.length > 0, 'must not be empty')),
  body: z.custom<Record<string, unknown>>(isPlainObject, 'expected an object'),
  messages: z.optional(z.array(z.unknown())),
  rev: count,
  ackedRev: count,
  attempts: count,
  nextAttemptAt: z.number(),
  state: z.literal(['pending', 'delivered', 'blocked', 'rejected']),
  lastError: z.nullable(z.string()),
  touchedAt: z.number(),
  unsettledRev: z.optional(count),
  settleAt: z.optional(z.number()),
});

const payloadSchemas = { conversation: conversationSchema, feedback: feedbackSchema, event: eventSchema };

/** Returns the record, or a reason it cannot be trusted. Checks the payload it would send, too. */
export function checkRecord(key: string, raw: unknown): { ok: true; record: OutboxRecord } | { ok: false; reason: string } {
  const shape = recordSchema.safeParse(raw);
  if (!shape.success) return { ok: false, reason: describe(shape.error.issues) };
  const record = raw as OutboxRecord;
  if (key !== recordKey(record.kind, record.id)) return { ok: false, reason: `key ${key} does not match ${recordKey(record.kind, record.id)}` };
  if (record.ackedRev > record.rev) return { ok: false, reason: 'ackedRev is ahead of rev' };
  if ((record.unsettledRev === undefined) !== (record.settleAt === undefined)) return { ok: false, reason: 'unsettledRev and settleAt go together' };
  const payload = payloadSchemas[record.kind].safeParse(payloadOf(record));
  if (!payload.success) return { ok: false, reason: describe(payload.error.issues) };
  return { ok: true, record };
}

function describe(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
