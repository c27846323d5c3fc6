/**
 * The Outbox's contract (storage/outbox.ts implements it): what the logger, the flusher and the
 * pagehide sender may ask of the one owner of stored delivery state.
 */
import type { OutboxRecord, RecordKind } from '../core/outbox-record.ts';
import type { StatusBehavior } from '../core/status-policy.ts';
import type { Message } from '../core/schema.ts';
import type { LoggerEvent, OutboxStats } from '../core/public-types.ts';
import type { SupportCopilotError } from '../core/support-copilot-error.ts';
import type { OutboxStore } from './outbox-store.ts';
import type { Clocks, RecordMeta } from './record-cache.ts';
import type { LockPort } from './write-owner.ts';

export interface OutboxOptions extends Clocks {
  store: OutboxStore;
  /** Read at every write: the configuration may change at run time. */
  maxStoredBytes: () => number;
  emit: (event: LoggerEvent) => void;
  report: (error: SupportCopilotError) => void;
  /** New input was stored (tell other tabs, schedule delivery). */
  changed: (key: string, rev: number) => void;
  /** Cross-tab locks for exclusive writes; without them every write reads first. */
  locks?: LockPort | undefined;
}

export interface Outbox {
  readonly kind: 'indexeddb' | 'memory';
  /** Start-up: reads every record once, keeps its metadata, quarantines what fails validation, puts the open set right. */
  load(): Promise<void>;
  /** Appends a message to a conversation (or replaces the one with its id). `mustExist`: its history was seen, so an empty store means it was lost. `keepOrder`: dates stamped by us. */
  append(id: string, fields: Record<string, unknown>, message: Message, mustExist: boolean, keepOrder?: boolean): Promise<OutboxRecord>;
  /** Stores new fields on a stored conversation (undefined when there is none yet: nothing to update). */
  updateFields(id: string, fields: Record<string, unknown>): Promise<OutboxRecord | undefined>;
  /** Stores a whole document (feedback, event). */
  upsert(kind: RecordKind, id: string, body: Record<string, unknown>): Promise<OutboxRecord>;
  /** The server acknowledged revision `sentRev`, sent at `sentAt` (epoch ms; now when not given). */
  ack(key: string, sentRev: number, sentAt?: number): Promise<OutboxRecord | undefined>;
  /** A failed attempt at revision `sentRev`; `settleAt` when its outcome is unknown (convergence). */
  fail(key: string, behavior: StatusBehavior, error: string, retryAfterMs: number | undefined, random: () => number, sentRev: number, settleAt?: number): Promise<OutboxRecord | undefined>;
  /** Another page may have had a request for revision `rev` in flight that can land until `settleAt`: recorded with the next outcome. */
  suspect(key: string, rev: number, settleAt: number): void;
  /** Blocked documents become pending again (the configuration changed, or a new page load). */
  unblock(keys?: Iterable<string>): Promise<void>;
  /** The record as stored, if it passes validation (one that fails is quarantined). */
  read(key: string): Promise<OutboxRecord | undefined>;
  /** Metadata of every open record, re-read where another tab changed it: what delivery looks at. */
  due(): Promise<RecordMeta[]>;
  /** The stored messages of a conversation ([] when none or unreadable). */
  messages(id: string): Promise<Message[]>;
  /** Deletes delivered documents untouched since `cutoff`, except those in use. */
  evictExpired(cutoff: number): Promise<void>;
  // Around the chat (issue 13): the visitor's list of conversations and "delete from this device".
  /** Every stored conversation, validated (a full read: for the history view, never for delivery). */
  conversations(): Promise<OutboxRecord[]>;
  /** Deletes a conversation only if nothing of it waits to be sent (delivered and settled); resolves true when nothing of it is stored any more. */
  forget(id: string): Promise<boolean>;
  /** Metadata of the records this tab knows. */
  known(): Iterable<RecordMeta>;
  /** Metadata of one record, as this tab last read or wrote it. */
  info(key: string): RecordMeta | undefined;
  /** Whole records in memory with data to send (for the closing page, which cannot read storage). */
  sendable(): OutboxRecord[];
  /** Marks a conversation as in use by a handle of this tab: never evicted, it must stay whole. */
  hold(key: string): void;
  /** Another tab wrote revision `rev` of `key`. */
  changedElsewhere(key: string, rev: number): void;
  stats(): Omit<OutboxStats, 'inFlight' | 'locks'>;
  /** Lets go of write locks not in use (the page is being hidden). */
  releaseIdle(): void;
  /** Settles once every write asked for so far has committed or failed. */
  idle(): Promise<void>;
  close(): void;
}
