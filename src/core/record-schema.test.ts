import { describe, expect, it } from 'vitest';
import { checkRecord } from './record-schema.ts';
import { upsertDocument } from './outbox-record.ts';
import type { OutboxRecord } from './outbox-record.ts';

/** A feedback record as an earlier version stored it: a reason without `details`. */
function oldFeedback(state: OutboxRecord['state'], extra: Partial<OutboxRecord> = {}): OutboxRecord {
  const body = { id: 'f1', type: 'negative', messageId: 'm1', createdAt: '2026-01-01T00:00:00.000Z', reasons: [{ label: 'Inaccurate' }, { label: 'Other', details: 'old text' }] };
  return { ...upsertDocument(undefined, 'feedback', 'f1', body, 1000), state, ...extra };
}

describe('checkRecord', () => {
  it('repairs stored feedback whose reasons lack details: a new revision with details "", pending again', () => {
    for (const state of ['pending', 'rejected'] as const) {
      const stored = oldFeedback(state, { attempts: 1, lastError: 'HTTP 400' });
      const checked = checkRecord('feedback:f1', stored);
      expect(checked.ok).toBe(true);
      if (!checked.ok) return;
      expect(checked.repaired).toMatch(/details/);
      expect(checked.record.body.reasons).toEqual([{ label: 'Inaccurate', details: '' }, { label: 'Other', details: 'old text' }]);
      expect(checked.record.rev).toBe(stored.rev + 1);
      expect(checked.record.state).toBe('pending');
      // The rest of the body and the record's identity are untouched; the stored object is not mutated.
      expect(checked.record.body).toMatchObject({ id: 'f1', type: 'negative', messageId: 'm1' });
      expect(checked.record.ackedRev).toBe(stored.ackedRev);
      expect(stored.body.reasons).toEqual([{ label: 'Inaccurate' }, { label: 'Other', details: 'old text' }]);
    }
    // A rejected one gets a fresh start; a waiting one keeps its backoff; a blocked one stays blocked.
    expect(checkRecord('feedback:f1', oldFeedback('rejected', { attempts: 3, nextAttemptAt: 9 }))).toMatchObject({ record: { attempts: 0, nextAttemptAt: 0 } });
    expect(checkRecord('feedback:f1', oldFeedback('pending', { attempts: 3, nextAttemptAt: 9 }))).toMatchObject({ record: { attempts: 3, nextAttemptAt: 9 } });
    expect(checkRecord('feedback:f1', oldFeedback('blocked'))).toMatchObject({ record: { state: 'blocked' } });
  });

  it('returns a record already in the current shape as it is, not repaired', () => {
    const current = upsertDocument(undefined, 'feedback', 'f1', { id: 'f1', type: 'positive', messageId: 'm1', reasons: [{ label: 'Clear', details: '' }] }, 1000);
    expect(checkRecord('feedback:f1', current)).toEqual({ ok: true, record: current });
    const noReasons = upsertDocument(undefined, 'feedback', 'f2', { id: 'f2', type: 'positive', messageId: 'm1' }, 1000);
    expect(checkRecord('feedback:f2', noReasons)).toEqual({ ok: true, record: noReasons });
  });

  it('still refuses what cannot be repaired', () => {
    const bad = upsertDocument(undefined, 'feedback', 'f1', { id: 'f1', type: 'meh', messageId: 'm1' }, 1000);
    expect(checkRecord('feedback:f1', bad)).toMatchObject({ ok: false, reason: expect.stringMatching(/^type: /) });
    expect(checkRecord('feedback:other', oldFeedback('pending'))).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
    expect(checkRecord('feedback:f1', { ...oldFeedback('pending'), rev: 0, ackedRev: 2 })).toMatchObject({ ok: false });
  });
});
