import { describe, expect, it } from 'vitest';
import type { OutboxRecord } from './outbox-record.ts';
import { visitorConversations } from './visitor-conversations.ts';

const rec = (id: string, visitor: string, messages: { role: string; content: string; createdAt: string }[], state: OutboxRecord['state'] = 'delivered'): OutboxRecord => ({
  v: 1,
  kind: 'conversation',
  id,
  body: { userProperties: { id: visitor } },
  messages,
  rev: 2,
  ackedRev: state === 'delivered' ? 2 : 1,
  attempts: 0,
  nextAttemptAt: 0,
  state,
  lastError: null,
  touchedAt: 0,
});

describe('visitorConversations', () => {
  const a1 = rec('a1', 'anon-1', [
    { role: 'assistant', content: 'Welcome', createdAt: '2026-01-01T09:00:00Z' },
    { role: 'user', content: 'First question', createdAt: '2026-01-01T09:00:10Z' },
  ]);
  const a2 = rec('a2', 'anon-1', [{ role: 'user', content: 'Later question', createdAt: '2026-01-02T09:00:00Z' }], 'pending');
  const other = rec('b1', 'anon-2', [{ role: 'user', content: 'Someone else', createdAt: '2026-01-03T09:00:00Z' }]);
  const empty = rec('a3', 'anon-1', []);

  it("lists only this visitor's conversations with messages, latest activity first, the first question as title", () => {
    expect(visitorConversations([a1, a2, other, empty], 'anon-1')).toEqual([
      { id: 'a2', title: 'Later question', updatedAt: '2026-01-02T09:00:00Z', messageCount: 1, delivered: false },
      { id: 'a1', title: 'First question', updatedAt: '2026-01-01T09:00:10Z', messageCount: 2, delivered: true },
    ]);
  });

  it('lists none of them for the next visitor (after reset(), a new anonymous id)', () => {
    expect(visitorConversations([a1, a2], 'anon-9')).toEqual([]);
  });

  it('has no title without a question', () => {
    expect(visitorConversations([rec('c', 'v', [{ role: 'assistant', content: 'Hi', createdAt: '2026-01-01T00:00:00Z' }])], 'v')[0]!.title).toBeNull();
  });
});
