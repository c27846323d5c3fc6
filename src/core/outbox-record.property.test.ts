/**
 * Property tests of the record transitions: whatever the interleaving of appends, sends, late or
 * out-of-order acknowledgements, failures and page reloads, no message is lost or reordered, and
 * the server (which REPLACES its message list on every accepted POST) ends with every message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendMessage, converging, markAcked, markFailed, markUnsettled, needsSend, unblock } from './outbox-record.ts';
import type { Message } from './schema.ts';
import type { OutboxRecord } from './outbox-record.ts';
import { statusBehavior } from './status-policy.ts';

const T0 = Date.UTC(2026, 0, 1);

type Op =
  | { t: 'append'; edit: number | null }
  | { t: 'start' }
  | { t: 'ack'; pick: number }
  | { t: 'lost'; pick: number }
  | { t: 'fail'; pick: number; status: number | 'network'; retryAfter: number | undefined }
  | { t: 'reload' }
  | { t: 'unblock' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('append' as const), edit: fc.option(fc.nat(50), { freq: 4 }) }) },
  { weight: 3, arbitrary: fc.constant({ t: 'start' as const }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('ack' as const), pick: fc.nat(10) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('lost' as const), pick: fc.nat(10) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('fail' as const),
      pick: fc.nat(10),
      status: fc.constantFrom<number | 'network'>('network', 500, 503, 429, 408, 401, 403, 404, 400, 413, 422),
      retryAfter: fc.option(fc.nat(120_000), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'reload' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'unblock' as const }) },
);

interface Snapshot {
  rev: number;
  messages: Message[];
}

/** The conversation as the outbox holds it, plus what the test expects it to hold. */
class Model {
  stored: OutboxRecord | undefined;
  expected: Message[] = [];
  clock = T0;
  private n = 0;
  private edits = 0;

  append(edit: number | null): void {
    this.clock += 1;
    let m: Message;
    if (edit !== null && this.expected.length > 0) {
      const target = this.expected[edit % this.expected.length]!;
      m = { ...target, content: `edit ${++this.edits} of ${target.id}` };
      this.expected = this.expected.map((x) => (x.id === m.id ? m : x));
    } else {
      m = { id: `m${++this.n}`, role: this.n % 2 ? 'user' : 'assistant', content: `message ${this.n}`, createdAt: new Date(this.clock).toISOString() };
      this.expected = [...this.expected, m];
    }
    this.stored = appendMessage(this.stored, 'c1', {}, m, this.clock);
  }

  snapshot(): Snapshot | undefined {
    // What the flusher does inside the lock: read the stored body, send it if it needs sending.
    if (!this.stored || !needsSend(this.stored, this.clock, true)) return undefined;
    return { rev: this.stored.rev, messages: structuredClone(this.stored.messages ?? []) };
  }

  ack(s: Snapshot): void {
    this.stored = markAcked(this.stored!, s.rev, ++this.clock);
  }

  fail(op: Extract<Op, { t: 'fail' }>, random: number): void {
    this.stored = markFailed(this.stored!, statusBehavior(op.status), `HTTP ${op.status}`, ++this.clock, op.retryAfter, () => random);
  }

  /** The page reloads: in-memory state is gone, the stored record survives (as IndexedDB would clone it). */
  /** Applies the operations both runs treat alike (not about a request in flight); false for the others. */
  common(op: Op): boolean {
    if (op.t === 'append') this.append(op.edit);
    else if (op.t === 'reload') this.reload();
    else if (op.t === 'unblock') this.stored &&= unblock(this.stored);
    else return false;
    return true;
  }

  reload(): void {
    this.stored = this.stored && (JSON.parse(JSON.stringify(this.stored)) as OutboxRecord);
  }

  checkInvariants(prevAckedRev: number): void {
    const r = this.stored;
    if (!r) {
      expect(this.expected).toEqual([]);
      return;
    }
    expect(r.messages).toEqual(this.expected);
    expect(r.ackedRev).toBeLessThanOrEqual(r.rev);
    expect(r.ackedRev).toBeGreaterThanOrEqual(prevAckedRev);
    if (r.state === 'delivered') expect(r.rev).toBe(r.ackedRev);
    if (r.state === 'pending' && r.rev > r.ackedRev) expect(needsSend(r, this.clock, true)).toBe(true);
  }
}

describe('outbox record transitions (property)', () => {
  it('concurrent sends acked in any order never lose, reorder or falsely deliver a message', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (ops, random) => {
        const m = new Model();
        let inFlight: Snapshot[] = [];
        for (const op of ops) {
          const before = m.stored?.ackedRev ?? 0;
          if (op.t === 'reload') inFlight = [];
          if (!m.common(op)) switch (op.t) {
            case 'start': {
              const s = m.snapshot();
              if (s) inFlight.push(s);
              break;
            }
            case 'ack':
            case 'lost':
            case 'fail': {
              if (inFlight.length === 0) break;
              const [s] = inFlight.splice(op.pick % inFlight.length, 1);
              if (op.t === 'ack') m.ack(s!);
              else if (op.t === 'fail') m.fail(op, random);
              break;
            }
          }
          m.checkInvariants(before);
        }
        // Acknowledging every revision ever written leaves the record delivered and complete.
        if (m.stored) {
          m.stored = markAcked(unblock(m.stored), m.stored.rev, m.clock + 1);
          expect(m.stored?.state).toBe('delivered');
          expect(m.stored?.messages).toEqual(m.expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('with one send at a time (the lock), a replacing server ends with every message, and acked lists never shrink', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (ops, random) => {
        const m = new Model();
        let server: Message[] = [];
        let inFlight: Snapshot | undefined;
        const ackedLengths: number[] = [];
        const deliver = (s: Snapshot) => {
          server = structuredClone(s.messages); // the API replaces the list with the body's
          ackedLengths.push(s.messages.length);
          m.ack(s);
        };
        for (const op of ops) {
          const before = m.stored?.ackedRev ?? 0;
          if (op.t === 'reload') inFlight = undefined;
          if (!m.common(op)) switch (op.t) {
            case 'start':
              inFlight ??= m.snapshot();
              break;
            case 'ack':
              if (inFlight) deliver(inFlight);
              inFlight = undefined;
              break;
            case 'lost':
              // The server stored it but the response never arrived: the client must resend.
              if (inFlight) server = structuredClone(inFlight.messages);
              inFlight = undefined;
              break;
            case 'fail':
              if (inFlight) m.fail(op, random);
              inFlight = undefined;
              break;
          }
          m.checkInvariants(before);
        }
        // Drain: the configuration is fixed (unblock), a rejected conversation gets a new message,
        // then the lock holder sends until nothing is left.
        if (inFlight) deliver(inFlight);
        if (m.stored) m.stored = unblock(m.stored);
        if (m.stored?.state === 'rejected') m.append(null);
        for (let guard = 0; guard < 10; guard++) {
          const s = m.snapshot();
          if (!s) break;
          deliver(s);
        }
        expect(server).toEqual(m.expected);
        if (m.stored) {
          expect(m.stored.state).toBe('delivered');
          expect(m.stored.ackedRev).toBe(m.stored.rev);
        }
        for (let i = 1; i < ackedLengths.length; i++) expect(ackedLengths[i]!).toBeGreaterThanOrEqual(ackedLengths[i - 1]!);
      }),
      { numRuns: 400 },
    );
  });
});

/**
 * Convergence: requests whose outcome the client cannot know (a timeout, a lost response, a page
 * gone mid-request) may be processed by the server late, in any order, up to the settle delay
 * after the client gave up. The server REPLACES its list with each body it processes. Whatever
 * happens, once everything in the air has landed or died and the client has sent what is due, the
 * server holds every message, and the client spent at most one extra request per unknown outcome.
 */
describe('convergence after unknown outcomes (property)', () => {
  const SETTLE = 1_000;
  type CvOp =
    | { t: 'append' }
    | { t: 'send' }
    | { t: 'answer'; lose: boolean }
    | { t: 'giveUp' }
    | { t: 'land'; pick: number }
    | { t: 'reload' }
    | { t: 'wait'; ms: number };
  const cvOp: fc.Arbitrary<CvOp> = fc.oneof(
    { weight: 4, arbitrary: fc.constant({ t: 'append' as const }) },
    { weight: 4, arbitrary: fc.constant({ t: 'send' as const }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('answer' as const), lose: fc.boolean() }) },
    { weight: 2, arbitrary: fc.constant({ t: 'giveUp' as const }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('land' as const), pick: fc.nat(10) }) },
    { weight: 1, arbitrary: fc.constant({ t: 'reload' as const }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 1_500 }) }) },
  );

  interface Req {
    rev: number;
    messages: Message[];
    sentAt: number;
    /** Until when the server may still process it (for one the client gave up on). */
    deadline?: number;
  }

  it('the server ends with every message; at most one extra request per unknown outcome', () => {
    fc.assert(
      fc.property(fc.array(cvOp, { maxLength: 80 }), fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), (ops, landAtEnd) => {
        let now = T0;
        let n = 0;
        let stored: OutboxRecord | undefined;
        let expected: Message[] = [];
        let server: Message[] = [];
        let live: Req | undefined; // the lock holder's request
        let air: Req[] = []; // given up on, may still land
        let suspect: { rev: number; settleAt: number } | undefined;
        let unknown = 0;
        let extra = 0;
        const random = () => 0;
        // A transition of this page applies what it suspects from its start (outbox.ts does the same).
        const transition = (fn: (r: OutboxRecord) => OutboxRecord | undefined) => {
          const base = suspect ? markUnsettled(stored!, suspect.rev, suspect.settleAt) : stored!;
          suspect = undefined;
          stored = fn(base);
        };
        const land = (q: Req) => void (server = structuredClone(q.messages));
        const send = () => {
          if (live || !stored || !needsSend(stored, now, true)) return;
          if (stored.rev === stored.ackedRev) extra++; // nothing new: a convergence resend
          live = { rev: stored.rev, messages: structuredClone(stored.messages ?? []), sentAt: now };
        };
        for (const op of ops) {
          air = air.filter((q) => q.deadline! >= now); // past its deadline it can no longer land
          switch (op.t) {
            case 'append': {
              const m: Message = { id: `m${++n}`, role: 'user', content: `message ${n}`, createdAt: new Date(now).toISOString() };
              expected = [...expected, m];
              stored = appendMessage(stored, 'c1', {}, m, now);
              break;
            }
            case 'send':
              send();
              break;
            case 'answer':
              if (!live) break;
              land(live);
              if (op.lose) {
                unknown++;
                const q = live;
                transition((r) => markFailed(r, statusBehavior('network'), 'lost', now, undefined, random, q.rev, now + SETTLE));
              } else {
                const q = live;
                transition((r) => markAcked(r, q.rev, now, q.sentAt)!);
              }
              live = undefined;
              break;
            case 'giveUp':
              if (!live) break;
              unknown++;
              air.push({ ...live, deadline: now + SETTLE });
              {
                const q = live;
                transition((r) => markFailed(r, statusBehavior('network'), 'timeout', now, undefined, random, q.rev, now + SETTLE));
              }
              live = undefined;
              break;
            case 'land':
              if (air.length === 0) break;
              land(air.splice(op.pick % air.length, 1)[0]!);
              break;
            case 'reload':
              // The page goes with its request in the air; the next page suspects what is pending.
              if (live) {
                unknown++;
                air.push({ ...live, deadline: now + SETTLE });
                live = undefined;
              }
              stored = stored && (JSON.parse(JSON.stringify(stored)) as OutboxRecord);
              suspect = stored && stored.rev > stored.ackedRev ? { rev: stored.rev, settleAt: now + SETTLE } : undefined;
              if (suspect) unknown++;
              break;
            case 'wait':
              now += op.ms;
              break;
          }
        }
        // The end: what is in the air lands (or not) before its deadline, the live request is
        // answered, then time passes and the client sends whatever is due until nothing is.
        air.forEach((q, i) => landAtEnd[i] && land(q));
        air = [];
        if (live) {
          const q = live;
          land(q);
          transition((r) => markAcked(r, q.rev, now, q.sentAt)!);
          live = undefined;
        }
        for (let guard = 0; guard < 20 && stored; guard++) {
          now += SETTLE + 1;
          send();
          if (!live) break;
          const q: Req = live;
          land(q);
          transition((r) => markAcked(r, q.rev, now, q.sentAt)!);
          live = undefined;
        }
        expect(server).toEqual(expected);
        if (stored) {
          expect(stored.state).toBe('delivered');
          expect(converging(stored)).toBe(false);
        }
        expect(extra).toBeLessThanOrEqual(unknown);
      }),
      { numRuns: 500 },
    );
  });
});
