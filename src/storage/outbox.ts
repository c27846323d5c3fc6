/**
 * The Outbox: the one owner of stored delivery state. Every read and write of outbox records goes
 * through here: what this tab knows (record-cache.ts: metadata, not messages), validated reads (a
 * record that fails is quarantined, never sent, never fatal), guarded writes (storage cap with
 * eviction of delivered data only, errors translated into the public codes, exclusive write access
 * across tabs so an owned record is written without being read) and the record operations, each
 * one transaction. The rules of each transition are pure, in core/outbox-record.ts.
 */
import {
  appendMessage, isOpen, markAcked, markFailed, markUnsettled, MAX_BODY_BYTES, recordKey, unblock, updateFields, upsertDocument, utf8Length, type OutboxRecord,
} from '../core/outbox-record.ts';
import { checkRecord, recordSchema } from '../core/record-schema.ts';
import { toJson } from '../core/json.ts';
import { ownCopy } from '../core/own-copy.ts';
import { safeParse } from '../core/parse-or-throw.ts';
import { SCHEMAS_LATER, schemasReady } from '../core/schema.ts';
import { asSupportCopilotError, SupportCopilotError } from '../core/support-copilot-error.ts';
import { createEviction } from './eviction.ts';
import type { Outbox, OutboxOptions } from './outbox-types.ts';
import { createRecordCache, type RecordMeta } from './record-cache.ts';
import { createWriteOwner } from './write-owner.ts';
import { createWriteQueue } from './write-queue.ts';

export type { Outbox, OutboxOptions } from './outbox-types.ts';
export type { RecordMeta } from './record-cache.ts';

class CorruptRecord extends Error {}
const isConversation = (key: string) => key.startsWith(recordKey('conversation', ''));

export function createOutbox(o: OutboxOptions): Outbox {
  const { now, store } = o;
  const cache = createRecordCache(o);
  const { hot } = cache;
  const held = new Set<string>();
  const suspects = new Map<string, { rev: number; settleAt: number }>();
  // Records this tab's transitions produced: only those are trusted as a write's base. Each with the
  // [epoch, monotonic] instant it was made at: its times are rebased from then, not from its commit.
  const ours = new WeakMap<object, readonly [number, number]>();
  // Full payload validation is costly for long conversations: once per revision is enough.
  const validRev = new Map<string, number>();
  let making: Promise<unknown> | null = null;
  // When each key last committed (this tab's commits, and those another tab announced), counted in
  // commits: a read of a key that committed after the read began holds an older record than the one
  // stored. Learnt, it was taken for the current one, and the next transition wrote over what was
  // committed meanwhile (an answer stored while its question's request was read, lost at that ack).
  let commits = 0;
  const lastCommit = new Map<string, number>();
  const count = (key: string) => void lastCommit.set(key, ++commits);
  const movedSince = (key: string, n: number) => (lastCommit.get(key) ?? 0) > n;

  const owner = createWriteOwner(o.locks, (key) => hot.delete(key));
  // The memory store is this tab's alone: it owns every record.
  const trusted = (key: string) => store.kind === 'memory' || owner.owns(key);
  const queue = createWriteQueue(store, {
    base: (key) => (trusted(key) && hot.has(key) ? { value: hot.get(key) } : undefined),
    committed(key, value) {
      count(key);
      // Only what this tab's transitions produced is known exactly (a refused write leaves the old value).
      const known = value === undefined || ours.has(value as object);
      if (known) cache.learn(key, value as OutboxRecord | undefined, true, value === undefined ? undefined : ours.get(value as object));
      if (known && value !== undefined && trusted(key)) hot.set(key, value as OutboxRecord);
      else hot.delete(key);
    },
  });
  const mine = <T extends OutboxRecord | undefined>(r: T): T => (r && ours.set(r, [now(), o.clock()]), r);
  /** Writes `key` holding it across tabs; `wait: false` gives up ('busy') when another tab holds it. */
  const write = <T>(key: string, fn: (old: unknown) => T, wait = true) => owner.run(key, () => queue.write(key, fn), wait);

  const check = (key: string, raw: unknown) => {
    const r = ownCopy(raw) as OutboxRecord;
    if (validRev.get(key) === r?.rev && safeParse(recordSchema, r).success) return { ok: true as const, record: r };
    const checked = checkRecord(key, raw);
    if (checked.ok) validRev.set(key, checked.record.rev);
    // Stored in an older shape and repaired on read: store the repair, or it would be redone (and resent) at every read.
    if (checked.ok && checked.repaired) void write(key, (old) => (old === undefined ? old : ((c) => (c.ok && c.repaired ? mine(c.record) : old))(checkRecord(key, old)))).then(undefined, () => {});
    return checked;
  };
  /** `report`: false when the caller reports it itself. */
  const quarantine = async (key: string, raw: unknown, reason: string, report = true) => {
    await store.quarantine(key, raw, reason);
    count(key);
    cache.learn(key, undefined, false);
    o.emit({ type: 'quarantined', key, reason });
    if (report) o.report(new SupportCopilotError('quarantined', `Stored record ${key} failed validation, quarantined: ${reason}`, { key }));
  };
  /**
   * A record read from storage when the count of commits was `n`: validated (quarantined when it
   * fails), learnt (`keep`: and held, when this tab owns it); read again if its key committed since.
   */
  const learnStored = async (key: string, n: number, raw: unknown, keep = false): Promise<OutboxRecord | undefined> => {
    // The payload checks may still be loading (the script tag's work chunk): a record is never taken unchecked.
    if (raw !== undefined && SCHEMAS_LATER) await schemasReady();
    if (movedSince(key, n)) return readStored(key, keep);
    if (raw === undefined) return void cache.learn(key, undefined, false);
    const checked = check(key, raw);
    if (!checked.ok) return void (await quarantine(key, raw, checked.reason).then(undefined, () => {}));
    cache.learn(key, checked.record, false);
    // In the step that learnt it: a commit landing before the caller resumes is not overwritten.
    if (keep && owner.owns(key)) hot.set(key, checked.record);
    return checked.record;
  };

  /** A delivery-state transition: no cap (it adds no data), the record as stored afterwards. */
  const transition = async (key: string, fn: (r: OutboxRecord) => OutboxRecord | undefined) => {
    const suspected = suspects.get(key);
    const r = await write(key, (old) => {
      if (old === undefined) return undefined;
      const base = suspected ? markUnsettled(old as OutboxRecord, suspected.rev, suspected.settleAt) : (old as OutboxRecord);
      return mine(fn(base));
    });
    if (suspects.get(key) === suspected) suspects.delete(key);
    return r as OutboxRecord | undefined;
  };

  const { evict, makeRoom } = createEviction({ meta: () => cache.meta.values(), bytes: cache.bytes, held, write: (k, fn) => write(k, fn, false), maxStoredBytes: o.maxStoredBytes });

  /** New input: cap, quarantine of a damaged record, one transaction; failures reported and rejected with a public code. */
  async function put(key: string, fn: (old: OutboxRecord | undefined) => OutboxRecord, input: () => string): Promise<OutboxRecord> {
    try {
      // New input is at most a 2 MB body, UTF-8 at most 3 bytes per UTF-16 unit: its exact size is
      // needed only near the cap (far from it, an append serialises nothing extra).
      const far = cache.bytes() + 3 * MAX_BODY_BYTES <= o.maxStoredBytes();
      const text = far ? '' : input();
      const near = !far && cache.bytes() + 3 * text.length > o.maxStoredBytes();
      const incoming = near ? utf8Length(text) : 0;
      // Writes queue behind an eviction in progress, so appends keep their order.
      if (making || (near && cache.bytes() + incoming > o.maxStoredBytes())) {
        const step = (making ?? Promise.resolve()).then(() => makeRoom(key, incoming));
        const settled = (making = step.then(undefined, () => {}));
        settled.then(() => making === settled && (making = null)).then(undefined, () => {});
        await step;
      }
      const attempt = () =>
        write(key, (old) => {
          // What this tab wrote itself needs no check; anything else might be damaged.
          if (old !== undefined && !ours.has(old as object) && !safeParse(recordSchema, old).success) throw new CorruptRecord();
          return mine(fn(old as OutboxRecord | undefined));
        }) as Promise<OutboxRecord>;
      const r = await attempt().then(undefined, async (e: unknown) => {
        if (!(e instanceof CorruptRecord)) throw e;
        // Damaged data is moved aside, never mixed with new input nor dropped.
        // A refused conversation append says so once (below); a rewritten document is reported here.
        await quarantine(key, await store.get(key), 'failed validation before a write', !isConversation(key));
        // A conversation cannot go on without its earlier messages: its next request would
        // replace the server's full list with a partial one. Feedback and events are whole documents.
        if (isConversation(key)) throw new SupportCopilotError('quarantined', `Stored ${key} failed validation and was quarantined: start a new conversation`, { key });
        return attempt();
      });
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

  /** The latest committed record: what this tab holds when it owns it, else a read (`keep`: see learnStored). */
  const readStored = async (key: string, keep?: boolean): Promise<OutboxRecord | undefined> => {
    // `commits` is taken before the read begins (arguments run in order).
    if (!trusted(key) || !hot.has(key) || queue.busy(key)) return learnStored(key, commits, await store.get(key), keep);
    const m = cache.meta.get(key);
    if (m) m.stale = false;
    return hot.get(key);
  };

  return {
    get kind() {
      return store.kind;
    },
    async load() {
      await queue.idle();
      const raw = new Map<string, unknown>();
      const open = new Set<string>();
      const settleAt = now() + o.settleMs();
      // Stored records need the payload checks (the script tag's work chunk): fetched only if there are any (a new visitor has none).
      if (SCHEMAS_LATER) {
        let any = false;
        await store.each(() => void (any = true));
        if (any) await schemasReady();
      }
      // Records are checked and reduced to metadata one by one: messages are not kept.
      const n = commits;
      await store.each((key, value) => {
        // A record written meanwhile (another tab) while the checks are still missing: checked once they are here.
        if (SCHEMAS_LATER) return void raw.set(key, value);
        const checked = check(key, value);
        if (!checked.ok) return void raw.set(key, value);
        const r = checked.record;
        // The page before this one may have had its request in flight (convergence).
        if (r.rev > r.ackedRev) suspects.set(key, { rev: r.rev, settleAt });
        // Committed since (an append while the page starts, another tab's announced write): read again below.
        if (movedSince(key, n)) return void raw.set(key, value);
        cache.learn(key, r, false);
        if (isOpen(r)) open.add(key);
      });
      for (const [key, value] of raw) await learnStored(key, n, value);
      // The open set must match the records (data written by hand or before it existed): a no-op
      // read-modify-write puts a record's entry right.
      const listed = new Set(await store.openKeys());
      const wrong = [...open].filter((k) => !listed.has(k)).concat([...listed].filter((k) => !open.has(k) && !raw.has(k)));
      await Promise.all(wrong.map((k) => queue.write(k, (v) => v).then(undefined, () => {})));
    },
    append(id, fields, message, mustExist, keepOrder = false) {
      const key = recordKey('conversation', id);
      return put(
        key,
        (old) => {
          // Seen here before (by this handle, or by this tab) and gone from storage: evicted by another
          // tab, or storage cleared or taken over. Starting it again would send a partial list.
          if (old === undefined && (mustExist || cache.meta.has(key))) throw new SupportCopilotError('conversation_gone', `The stored history of ${key} is gone (evicted by another tab, or storage cleared): start a new conversation`, { key });
          return appendMessage(old, id, fields, message, now(), keepOrder);
        },
        () => toJson({ ...(mustExist ? {} : fields), ...message }),
      );
    },
    async updateFields(id, fields) {
      const key = recordKey('conversation', id);
      // No record: nothing was ever stored, so the fields simply go with the first message.
      if (!(await readStored(key))) return undefined;
      return put(key, (old) => (old ? updateFields(old, fields, now()) : (undefined as never)), () => toJson(fields));
    },
    upsert(kind, id, body) {
      return put(recordKey(kind, id), (old) => upsertDocument(old, kind, id, body, now()), () => toJson(body));
    },
    async ack(key, sentRev, sentAt) {
      const r = await transition(key, (old) => markAcked(old, sentRev, now(), sentAt));
      // Delivered: nothing more to write here soon, so its whole record need not stay in memory.
      if (!r || !isOpen(r)) owner.soon(key);
      return r;
    },
    fail: (key, behavior, error, retryAfterMs, random, sentRev, settleAt) => transition(key, (r) => markFailed(r, behavior, error, now(), retryAfterMs, random, sentRev, settleAt)),
    suspect(key, rev, settleAt) {
      const s = suspects.get(key);
      suspects.set(key, { rev: Math.max(rev, s?.rev ?? 0), settleAt: Math.max(settleAt, s?.settleAt ?? 0) });
    },
    async unblock(keys = [...cache.meta.values()].filter((r) => r.state === 'blocked').map((r) => r.key)) {
      await Promise.all([...keys].map((k) => transition(k, unblock).then(undefined, () => {})));
    },
    // Read holding the record: it stays this tab's for the request that follows, so recording the
    // outcome needs no second read (another tab asking for it gets it as soon as nothing is being written).
    read: async (key) =>
      (await owner.run(key, () => readStored(key, true))) as OutboxRecord | undefined,
    async due() {
      const keys = await store.openKeys();
      const open = new Set(keys);
      // Known as open but no longer listed: another tab delivered (or deleted) it.
      for (const m of cache.meta.values()) if (isOpen(m) && !open.has(m.key)) m.stale = true;
      const out: RecordMeta[] = [];
      for (const key of new Set([...keys, ...[...cache.meta.values()].filter((m) => m.stale).map((m) => m.key)])) {
        const m = cache.meta.get(key);
        if (m && !m.stale) out.push(m);
        else if (await readStored(key)) out.push(cache.meta.get(key)!);
      }
      return out.filter(isOpen);
    },
    async messages(id) {
      const raw = (await readStored(recordKey('conversation', id))) as OutboxRecord | undefined;
      return raw?.messages ?? [];
    },
    evictExpired: (cutoff) => evict('', (r) => r.touchedAt < cutoff),
    async conversations() {
      // The visitor's history view (not delivery): every stored conversation, read once and checked.
      const found: [string, unknown][] = [];
      const n = commits;
      await store.each((key, value) => isConversation(key) && found.push([key, value]));
      const out: OutboxRecord[] = [];
      for (const [key, raw] of found) {
        const r = await learnStored(key, n, raw);
        if (r) out.push(r);
      }
      return out;
    },
    forget: (id) => transition(recordKey('conversation', id), (r) => (isOpen(r) ? r : undefined)).then((r) => !r),
    known: () => cache.meta.values(),
    info: (key) => cache.meta.get(key),
    sendable: () => [...hot.values()].filter((r) => r.rev > r.ackedRev && r.state === 'pending'),
    hold: (key) => void held.add(key),
    changedElsewhere(key, rev) {
      count(key);
      cache.markStale(key, rev);
    },
    stats: () => ({ ...cache.stats(), storage: store.kind }),
    releaseIdle: () => owner.releaseIdle(),
    idle: () => queue.idle(),
    close() {
      owner.close();
      store.close();
    },
  };
}
