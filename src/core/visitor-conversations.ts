/** A visitor's history, from stored conversation records: pure, so the rule of whose they are is tested in Node. */
import type { OutboxRecord } from './outbox-record.ts';
import type { ConversationSummary } from './public-types.ts';

/**
 * The conversations written under `visitorId` (their `userProperties.id`: after `reset()` the new
 * anonymous id lists none of the previous visitor's) that have messages, latest activity first.
 */
export function visitorConversations(records: OutboxRecord[], visitorId: unknown): ConversationSummary[] {
  return records
    .filter((r) => (r.body.userProperties as { id?: unknown } | undefined)?.id === visitorId && r.messages?.length)
    .map((r): ConversationSummary => {
      const m = r.messages!;
      return {
        id: r.id,
        title: m.find((x) => x.role === 'user')?.content ?? null,
        updatedAt: m[m.length - 1]!.createdAt ?? new Date(r.touchedAt).toISOString(),
        messageCount: m.length,
        delivered: r.state === 'delivered',
      };
    })
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
