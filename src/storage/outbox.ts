/**
 * The Outbox: the one owner of stored delivery state. Every read and write of outbox records goes
 * through here: the in-memory cache of what this tab knows, validated reads (a record that fails is
 * quarantined, never sent, never fatal), guarded writes (storage cap with eviction of delivered data
 * only, errors translated into the public codes) and the record operations, each one transaction.
 * The rules of each transition are pure, in core/outbox-record.ts.
 */
import {
  appendMessage, bodyBytes, markAcked, markFailed, recordKey, unblock, updateFields, upsertDocument, utf8Length, type OutboxRecord, type RecordKind,
} from '../core/outbox-record.ts';
import type { StatusBehavior } from '../core/status-policy.ts';
import { checkRecord, recordSchema } from '../core/record-schema.ts';
import type { Message } from '../core/schema.ts';
import type { LoggerEvent, OutboxStats } from '../core/public-types.ts';
import { asSupportCopilotError, SupportCopilotError } from '../core/support-copilot-error.ts';
import type { WriteQueue } from './write-queue.ts';

export interface OutboxOptions {
  queue: WriteQueue;
  now: () => number;
  /** Read at every write: the configuration may change at run time. */
  maxStoredBytes: () => number;
  emit: (event: LoggerEvent) => void;
  report: (error: SupportCopilotError) => void;
  /** New input was stored (tell other tabs, schedule delivery). */
  changed: (key: string, rev: number) => void;
}

export interface Outbox {
  readonly kind: 'indexeddb' | 'memory';
  /** Appends a message to a conversation (or replaces the one with its id). `mustExist`: its history was seen, so an empty store means it was lost. */
  append(id: string, fields: Record<string, unknown>, message: Message, mustExist: boolean): Promise<OutboxRecord>;
  /** Stores new fields on a stored conversation (undefined when there is none yet: nothing to update). */
  updateFields(id: string, fields: Record<string, unknown>): Promise<OutboxRecord | undefined>;
  /** Stores a whole document (feedback, event). */
  upsert(kind: RecordKind, id: string, body: Record<string, unknown>): Promise<OutboxRecord>;
  /** The server acknowledged revision `sentRev`. */
  ack(key: string, sentRev: number): Promise<OutboxRecord | undefined>;
  /** A failed attempt at revision `sentRev`. */
  fail(key: string, behavior: StatusBehavior, error: string, retryAfterMs: number | undefined, random: () => number, sentRev: number): Promise<OutboxRecord | undefined>;
  /** Blocked documents become pending again (the configuration changed, or a new page load). */
  unblock(keys?: Iterable<string>): Promise<void>;
  /** The stored record, if it passes validation (one that fails is left to `scan`, which quarantines it). */
  read(key: string): Promise<OutboxRecord | undefined>;
  /** Reads every record: quarantines what fails validation and refreshes what this tab knows. */
  scan(): Promise<OutboxRecord[]>;
  /** The stored messages of a conversation ([] when none or unreadable). */
  messages(id: string): Promise<Message[]>;
  /** Deletes delivered documents untouched since `cutoff`, except those in use. */
  evictExpired(cutoff: number): Promise<void>;
  // Around the chat (issue 13): the visitor's list of conversations and "delete from this device".
  /** Every stored conversation (validated, as `scan` reads them). */
  conversations(): Promise<OutboxRecord[]>;
  /** Deletes a conversation only if it is fully delivered; resolves true when nothing of it is stored any more. */
  forget(id: string): Promise<boolean>;
  /** Records this tab knows, as last read or written. */
  known(): Iterable<OutboxRecord>;
  /** Marks a conversation as in use by a handle of this tab: never evicted, it must stay whole. */
  hold(key: string): void;
  stats(): Omit<OutboxStats, 'inFlight'>;
  /** Settles once every write asked for so far has committed or failed. */
  idle(): Promise<void>;
  close(): void;
}

class CorruptRecord extends Error {}

export function createOutbox(o: OutboxOptions): Outbox {
  const { queue, now } = o;
  const store = queue.store;
  const cache = new Map<string, OutboxRecord>();
  const held = new Set<string>();
  // Full payload validation is costly for long conversations: once per revision is enough.
  const validRev = new Map<string, number>();
  let making: Promise<unknown> | null = null;

  const track = (key: string, r: OutboxRecord | undefined) => {
    if (r) cache.set(key, r);
    else cache.delete(key);
    return r;
  };
  const check = (key: string, raw: unknown) => {
    const r = raw as OutboxRecord;
    if (validRev.get(key) === r?.rev && recordSchema.safeParse(raw).success) return { ok: true as const, record: r };
    const checked = checkRecord(key, raw);
    if (checked.ok) validRev.set(key, checked.record.rev);
    // Stored in an older shape and repaired on read: store the repair, or it would be redone (and resent) at every read.
    if (checked.ok && checked.repaired) void queue.write(key, (old) => (old === undefined ? old : ((c) => (c.ok && c.repaired ? c.record : old))(checkRecord(key, old)))).catch(() => {});
    return checked;
  };
  /** `report`: false when the caller reports it itself (a refused append says so once). */
  const quarantine = async (key: string, raw: unknown, reason: string, report = true) => {
    await store.quarantine(key, raw, reason);
    cache.delete(key);
    o.emit({ type: 'quarantined', key, reason });
    if (report) o.report(new SupportCopilotError('quarantined', `Stored record ${key} failed validation, quarantined: ${reason}`, { key }));
  };
  /** A delivery-state transition: no cap (it adds no data), the record as stored afterwards. */
  const transition = (key: string, fn: (r: OutboxRecord) => OutboxRecord | undefined) =>
    queue.write(key, (old) => (old === undefined ? undefined : fn(old as OutboxRecord))).then((r) => track(key, r));

  // What this tab knows is stored (all of it after the start-up scan); sizes are cached per record.
  const stored = () => {
    let sum = 0;
    for (const r of cache.values()) sum += bodyBytes(r);
    return sum;
  };

  /** Deletes delivered documents that `want`, oldest first; never pending ones, nor those held open here. */
  async function evict(keep: string, want: (r: OutboxRecord, freed: number) => boolean): Promise<void> {
    const candidates = [...cache].filter(([k, r]) => r.state === 'delivered' && k !== keep && !held.has(k)).sort((a, b) => a[1].touchedAt - b[1].touchedAt);
    let freed = 0;
    const victims = candidates.filter(([, r]) => want(r, freed) && (freed += bodyBytes(r)) >= 0);
    // All at once, so the write queue makes them one transaction; each is checked again inside it,
    // since another tab may have appended meanwhile.
    await Promise.all(
      victims.map(([k]) => queue.write(k, (old) => ((old as OutboxRecord | undefined)?.state === 'delivered' ? undefined : old)).then((v) => track(k, v as OutboxRecord | undefined), () => {})),
    );
  }

  /** Makes room under maxStoredBytes by evicting delivered documents; refuses the input when only pending data is left. */
  async function makeRoom(key: string, incoming: number): Promise<void> {
    const max = o.maxStoredBytes();
    const total = stored() + incoming;
    await evict(key, (_, freed) => total - freed > max);
    if (stored() + incoming > max) throw new SupportCopilotError('storage_full', `Outbox full (maxStoredBytes ${max}) of undelivered data: message not stored`, { key });
  }

  /** New input: cap, quarantine of a damaged record, one transaction; failures reported and rejected with a public code. */
  async function put(key: string, fn: (old: OutboxRecord | undefined) => OutboxRecord, incoming: number): Promise<OutboxRecord> {
    try {
      // Writes queue behind an eviction in progress, so appends keep their order.
      if (making || stored() + incoming > o.maxStoredBytes()) {
        const mine = (making ?? Promise.resolve()).then(() => makeRoom(key, incoming));
        const settled = (making = mine.catch(() => {}));
        void settled.then(() => making === settled && (making = null));
        await mine;
      }
      const attempt = () =>
        queue.write(key, (old) => {
          if (old !== undefined && !recordSchema.safeParse(old).success) throw new CorruptRecord();
          return fn(old as OutboxRecord | undefined);
        });
      const r = await attempt().catch(async (e: unknown) => {
        if (!(e instanceof CorruptRecord)) throw e;
        // Damaged data is moved aside, never mixed with new input nor dropped.
        const isConversation = key.startsWith(recordKey('conversation', ''));
        // A refused conversation append says so once (below); a rewritten document is reported here.
        await quarantine(key, await store.get(key), 'failed validation before a write', !isConversation);
        // A conversation cannot go on without its earlier messages: its next request would
        // replace the server's full list with a partial one. Feedback and events are whole documents.
        if (isConversation) throw new SupportCopilotError('quarantined', `Stored ${key} failed validation and was quarantined: start a new conversation`, { key });
        return attempt();
      });
      track(key, r);
      o.emit({ type: 'stored', key, rev: r.rev });
      o.changed(key, r.rev);
      return r;
    } catch (e) {
      const err =
        (e as DOMException)?.name === 'QuotaExceededError'
          ? new SupportCopilotError('storage_full', 'The browser refused to store more data (quota exceeded): message not stored', { key, cause: e })
          : asSupportCopilotError(e, 'storage_unavailable', 'Could not store the message');
      o.report(err);
      throw err;
    }
  }

  return {
    kind: store.kind,
    append(id, fields, message, mustExist) {
      const key = recordKey('conversation', id);
      return put(
        key,
        (old) => {
          if (old === undefined && mustExist) throw new SupportCopilotError('conversation_gone', `The stored history of ${key} is gone (evicted by another tab): start a new conversation`, { key });
          return appendMessage(old, id, fields, message, now());
        },
        utf8Length(JSON.stringify({ ...(mustExist ? {} : fields), ...message })),
      );
    },
    async updateFields(id, fields) {
      const key = recordKey('conversation', id);
      // No record: nothing was ever stored, so the fields simply go with the first message.
      if (!(await store.get(key))) return undefined;
      return put(key, (old) => (old ? updateFields(old, fields, now()) : (undefined as never)), utf8Length(JSON.stringify(fields)));
    },
    upsert(kind, id, body) {
      return put(recordKey(kind, id), (old) => upsertDocument(old, kind, id, body, now()), utf8Length(JSON.stringify(body)));
    },
    ack: (key, sentRev) => transition(key, (r) => markAcked(r, sentRev, now())),
    fail: (key, behavior, error, retryAfterMs, random, sentRev) => transition(key, (r) => markFailed(r, behavior, error, now(), retryAfterMs, random, sentRev)),
    async unblock(keys = [...cache].filter(([, r]) => r.state === 'blocked').map(([k]) => k)) {
      await Promise.all([...keys].map((k) => transition(k, unblock).catch(() => {})));
    },
    async read(key) {
      const raw = await store.get(key);
      if (raw === undefined) return track(key, undefined);
      const checked = check(key, raw);
      return checked.ok ? track(key, checked.record) : undefined;
    },
    async scan() {
      await queue.idle();
      const entries = await store.entries();
      // Gone from storage (delivered feedback or events deleted by another tab): forget them here too.
      const present = new Set(entries.map(([key]) => key));
      for (const key of cache.keys()) if (!present.has(key)) cache.delete(key);
      const records: OutboxRecord[] = [];
      for (const [key, raw] of entries) {
        const checked = check(key, raw);
        if (!checked.ok) {
          await quarantine(key, raw, checked.reason).catch(() => {});
          continue;
        }
        // Keep the object this tab already has when nothing changed: per-record caches (sizes) stay valid.
        const had = cache.get(key);
        const r = checked.record;
        const same = had && had.rev === r.rev && had.ackedRev === r.ackedRev && had.state === r.state && had.nextAttemptAt === r.nextAttemptAt;
        records.push(same ? had : track(key, r)!);
      }
      return records;
    },
    async messages(id) {
      const raw = (await store.get(recordKey('conversation', id))) as OutboxRecord | undefined;
      return recordSchema.safeParse(raw).success ? (raw!.messages ?? []) : [];
    },
    evictExpired: (cutoff) => evict('', (r) => r.touchedAt < cutoff),
    async conversations() {
      return (await this.scan()).filter((r) => r.kind === 'conversation');
    },
    forget: (id) => transition(recordKey('conversation', id), (r) => (r.state === 'delivered' ? undefined : r)).then((r) => !r),
    known: () => cache.values(),
    hold: (key) => void held.add(key),
    stats() {
      const s = { pending: 0, delivered: 0, rejected: 0, blocked: 0, storage: store.kind };
      for (const r of cache.values()) {
        if (r.state === 'rejected') s.rejected++;
        else if (r.state === 'blocked') s.blocked++;
        else if (r.rev > r.ackedRev) s.pending++;
        else s.delivered++;
      }
      return s;
    },
    idle: () => queue.idle(),
    close: () => store.close(),
  };
}
