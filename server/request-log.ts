/**
 * An in-memory, bounded record of API requests, so end-to-end tests can assert what actually
 * reached the wire (how many flushes, which ids, which were faulted) instead of guessing.
 */
import { randomUUID } from 'node:crypto';
import type { FaultApplied } from './fault-rule.ts';

export interface LogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  /** Also sent back as `X-Request-Id` and in problem bodies, to join client and server views. */
  requestId: string;
  key: string | null;
  conversationId: string | null;
  /** Message ids the body refers to: a conversation's messages, or a feedback/event's messageId. */
  messageIds: string[] | null;
  messageCount: number;
  bytes: number;
  /** null when no response was sent (fault `drop` or `hang`). */
  status: number | null;
  fault: FaultApplied | null;
}

export interface LogQuery {
  key?: string | undefined;
  path?: string | undefined;
  method?: string | undefined;
  since?: number | undefined;
}

export class RequestLog {
  private entries: LogEntry[] = [];
  // Never reset (not even by clear) so `since=<seq>` stays meaningful across resets.
  private seq = 0;

  constructor(private readonly max = 50_000) {}

  start(method: string, path: string, key: string | null): LogEntry {
    const entry: LogEntry = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      method,
      path,
      requestId: randomUUID(),
      key,
      conversationId: null,
      messageIds: null,
      messageCount: 0,
      bytes: 0,
      status: null,
      fault: null,
    };
    this.entries.push(entry);
    // Trim in batches: one splice per 1,000 requests instead of a shift per request.
    if (this.entries.length > this.max + 1000) this.entries.splice(0, this.entries.length - this.max);
    return entry;
  }

  query(q: LogQuery = {}): LogEntry[] {
    const method = q.method?.toUpperCase();
    return this.entries.filter(
      (e) =>
        (q.since === undefined || e.seq > q.since) &&
        (q.key === undefined || e.key === q.key) &&
        (q.path === undefined || e.path === q.path) &&
        (method === undefined || e.method === method),
    );
  }

  clear(): void {
    this.entries = [];
  }
}

/** Fills the log's ids from a parsed body that may be invalid: the log must describe rejected requests too. */
export function describeBody(entry: LogEntry, body: unknown): void {
  if (!isRecord(body)) return;
  if (entry.path === '/conversations') {
    if (typeof body.id === 'string') entry.conversationId = body.id;
    if (Array.isArray(body.messages)) {
      entry.messageCount = body.messages.length;
      entry.messageIds = body.messages.flatMap((m) => (isRecord(m) && typeof m.id === 'string' ? [m.id] : []));
    }
    return;
  }
  if (typeof body.conversationId === 'string') entry.conversationId = body.conversationId;
  if (typeof body.messageId === 'string') entry.messageIds = [body.messageId];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
