/**
 * The reliability ledger: every scenario says which messages it appended (their `append` resolved,
 * so the product promised to deliver them) and in which conversations; at the end the ledger
 * compares that with what the collector holds and with the collector's request log, writes one
 * JSON line to `test-results/reliability/<testId>.json`, and fails the scenario when anything was
 * lost, duplicated, or when an acknowledged message list ever shrank.
 *
 * - appended:   distinct message ids whose append resolved (refused input is counted apart).
 * - delivered:  of those, how many the collector finally holds in the right conversation.
 * - lost:       appended - delivered.
 * - duplicated: one id twice in a stored conversation, one id stored in two conversations, or an
 *               unknown id stored with the same role and content as a tracked message (a copy).
 * - shrunk:     acknowledged POSTs (status 2xx, seq order) carrying fewer messages than, or missing
 *               an id of, an earlier acknowledged POST for the same conversation; plus one when the
 *               final stored list is shorter than the longest acknowledged one.
 * - extra:      stored ids the scenario never attempted (reported, and a failure too).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { test as base, expect, READ_AUTH, type LogEntry } from '../fixtures.ts';

export const LEDGER_DIR = 'test-results/reliability';

export interface ScenarioLine {
  testId: string;
  name: string;
  family: string;
  appended: number;
  delivered: number;
  lost: number;
  duplicated: number;
  shrunk: number;
  extra: number;
  refused: number;
  quarantined: number;
  conversations: number;
  posts: number;
  durationMs: number;
  status: string;
  expectedStatus: string;
  details: string[];
}

interface StoredMessage {
  id: string;
  role: string;
  content: string | null;
}

export interface Ledger {
  /** Messages whose append resolved: they must all be delivered, once, in this conversation. */
  appended(conversationId: string, ids: readonly string[], contents?: readonly (string | null)[]): void;
  /** Messages that may or may not have been stored (an append cut short by a reload): allowed, never twice. */
  attempted(conversationId: string, ids: readonly string[]): void;
  /** Input refused at the door on purpose (validation, quota, size): not stored, so not expected. */
  refused(n: number, why: string): void;
  /** Stored data the scenario itself damaged, moved to quarantine (checked by the scenario). */
  quarantined(n: number): void;
  /** Another bearer key whose requests belong to this scenario (a fixed key after a 401). */
  useKey(key: string): void;
  /** Waits until the collector holds every appended message (not the final check: that is at teardown). */
  settle(timeoutMs?: number): Promise<void>;
  note(text: string): void;
  /** The number of tracked appended messages so far. */
  readonly count: number;
}

/** Tracked message contents per conversation (role/content copies count as duplicates). */
interface Tracked {
  ids: Set<string>;
  attempted: Set<string>;
  contents: Set<string>;
}

export const test = base.extend<{ ledger: Ledger }>({
  ledger: async ({ request, apiKey }, use, testInfo) => {
    const started = Date.now();
    const convs = new Map<string, Tracked>();
    const keys = new Set([apiKey]);
    let refused = 0;
    let quarantined = 0;
    const details: string[] = [];
    const auth = READ_AUTH;
    const conv = (id: string) => {
      let t = convs.get(id);
      if (!t) convs.set(id, (t = { ids: new Set(), attempted: new Set(), contents: new Set() }));
      return t;
    };
    const stored = async (id: string): Promise<StoredMessage[] | null> => {
      const res = await request.get(`/conversations/${encodeURIComponent(id)}`, { headers: auth });
      return res.status() === 404 ? null : (await res.json()).messages;
    };

    const ledger: Ledger = {
      appended(id, ids, contents) {
        const t = conv(id);
        for (const m of ids) t.ids.add(m);
        for (const c of contents ?? []) if (c != null) t.contents.add(c);
      },
      attempted(id, ids) {
        const t = conv(id);
        for (const m of ids) t.attempted.add(m);
      },
      refused(n, why) {
        refused += n;
        details.push(`refused ${n}: ${why}`);
      },
      quarantined(n) {
        quarantined += n;
      },
      useKey(k) {
        keys.add(k);
      },
      async settle(timeoutMs = 20_000) {
        await expect
          .poll(
            async () => {
              let missing = 0;
              for (const [id, t] of convs) {
                const have = new Set((await stored(id))?.map((m) => m.id) ?? []);
                for (const m of t.ids) if (!have.has(m)) missing++;
              }
              return missing;
            },
            { timeout: timeoutMs, message: 'appended messages not yet on the collector' },
          )
          .toBe(0);
      },
      note(text) {
        details.push(text);
      },
      get count() {
        let n = 0;
        for (const t of convs.values()) n += t.ids.size;
        return n;
      },
    };

    await use(ledger);

    // Measure what the collector finally holds.
    let appended = 0;
    let delivered = 0;
    let duplicated = 0;
    let extra = 0;
    let shrunk = 0;
    const where = new Map<string, string>();
    const finalLength = new Map<string, number>();
    for (const [id, t] of convs) {
      const messages = (await stored(id)) ?? [];
      finalLength.set(id, messages.length);
      const seen = new Map<string, number>();
      for (const m of messages) seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
      for (const [m, n] of seen) {
        if (n > 1) {
          duplicated += n - 1;
          details.push(`message ${m} stored ${n} times in ${id}`);
        }
        const other = where.get(m);
        if (other !== undefined && other !== id) {
          duplicated++;
          details.push(`message ${m} stored in ${other} and ${id}`);
        }
        where.set(m, id);
        if (!t.ids.has(m) && !t.attempted.has(m)) {
          const copy = messages.find((x) => x.id === m)!;
          if (copy.content != null && t.contents.has(copy.content)) {
            duplicated++;
            details.push(`message ${m} in ${id} is a copy of a tracked message (content ${JSON.stringify(copy.content.slice(0, 40))})`);
          } else {
            extra++;
            details.push(`message ${m} in ${id} was never appended by this scenario`);
          }
        }
      }
      appended += t.ids.size;
      for (const m of t.ids) if (seen.has(m)) delivered++;
      const lostHere = [...t.ids].filter((m) => !seen.has(m));
      if (lostHere.length > 0) details.push(`${lostHere.length} message(s) of ${id} not on the collector, e.g. ${lostHere[0]}`);
    }

    let posts = 0;
    const entries: LogEntry[] = [];
    for (const k of keys) {
      const q = new URLSearchParams({ key: k, method: 'POST', path: '/conversations' });
      entries.push(...((await (await request.get(`/__admin/log?${q}`)).json()).entries as LogEntry[]));
    }
    entries.sort((a, b) => a.seq - b.seq);
    for (const id of convs.keys()) {
      const mine = entries.filter((e) => e.conversationId === id);
      posts += mine.length;
      let maxCount = 0;
      let ackedIds = new Set<string>();
      for (const e of mine) {
        if (e.status === null || e.status < 200 || e.status >= 300) continue;
        const ids = new Set(e.messageIds ?? []);
        const missing = [...ackedIds].filter((m) => !ids.has(m));
        if (e.messageCount < maxCount || missing.length > 0) {
          shrunk++;
          details.push(`POST seq ${e.seq} for ${id} carried ${e.messageCount} message(s) after an acknowledged ${maxCount}${missing.length ? `, lacking ${missing.length} acknowledged id(s)` : ''}`);
        }
        if (e.messageCount >= maxCount) {
          maxCount = e.messageCount;
          ackedIds = new Set([...ackedIds, ...ids]);
        }
      }
      if ((finalLength.get(id) ?? 0) < maxCount) {
        shrunk++;
        details.push(`${id}: stored list has ${finalLength.get(id)} message(s), fewer than the ${maxCount} once acknowledged`);
      }
    }

    const line: ScenarioLine = {
      testId: testInfo.testId,
      name: testInfo.titlePath.slice(1).join(' › '),
      family: testInfo.file.split('/').pop()!.replace(/\.spec\.ts$/, ''),
      appended,
      delivered,
      lost: appended - delivered,
      duplicated,
      shrunk,
      extra,
      refused,
      quarantined,
      conversations: convs.size,
      posts,
      durationMs: Date.now() - started,
      status: testInfo.status ?? 'unknown',
      expectedStatus: testInfo.expectedStatus,
      details,
    };
    mkdirSync(LEDGER_DIR, { recursive: true });
    writeFileSync(`${LEDGER_DIR}/${testInfo.testId}.json`, JSON.stringify(line) + '\n');
    await testInfo.attach('ledger', { body: JSON.stringify(line, null, 2), contentType: 'application/json' });

    // A scenario that passed its own checks still fails on the ledger's.
    if (testInfo.expectedStatus === 'passed' && testInfo.status === 'passed') {
      const bad = line.lost + line.duplicated + line.shrunk + line.extra;
      if (bad > 0 || appended === 0) {
        throw new Error(`ledger: ${appended} appended, ${delivered} delivered, ${line.lost} lost, ${duplicated} duplicated, ${shrunk} shrunk, ${extra} extra\n${details.join('\n')}`);
      }
    }
  },
});

export { expect };
