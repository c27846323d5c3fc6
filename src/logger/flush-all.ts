/**
 * `logger.flush()`: one forced run of every pending document, resolved once all are delivered, or
 * rejected with why the first one is not (blocked data is skipped by the run but still undelivered).
 */
import { recordKey } from '../core/outbox-record.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import type { Delivery } from './start-delivery.ts';

export async function flushAll({ outbox, flusher }: Delivery, sendingAllowed: () => boolean): Promise<void> {
  await outbox.idle();
  if (!sendingAllowed()) return;
  const results = await flusher.run({ force: true, wait: true });
  // Blocked data is skipped by the run but is still undelivered: say so every time.
  for (const r of outbox.known()) {
    const key = recordKey(r.kind, r.id);
    if (r.state === 'blocked' && !results.has(key)) results.set(key, { outcome: 'blocked', error: r.lastError ?? 'blocked' });
  }
  const failed = [...results].filter(([, r]) => r.outcome !== 'delivered' && r.outcome !== 'idle');
  if (failed.length === 0) return;
  const [key, r] = failed[0]!;
  throw new SupportCopilotError(
    r.outcome === 'blocked' ? 'unauthorized' : r.outcome === 'rejected' ? 'rejected' : 'delivery_failed',
    `${failed.length} of ${results.size} document(s) not delivered yet; ${key}: ${r.error ?? r.outcome}${r.outcome === 'retry' || r.outcome === 'paused' ? ' (will retry)' : ''}`,
    { key },
  );
}
