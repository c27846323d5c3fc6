/**
 * Durable storage for what the collector accepted: one SQLite file (WAL) so the demo and the
 * tests can restart the server and still see every conversation, which is the property the
 * widget is built to guarantee. `:memory:` gives a throwaway store for unit tests.
 */
import Database from 'better-sqlite3';

export const COLLECTIONS = ['conversations', 'feedback', 'events'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export interface CollectorStore {
  get(collection: Collection, id: string): unknown;
  put(collection: Collection, id: string, doc: unknown): void;
  /** Most recently written first. */
  list(collection: Collection, limit: number): unknown[];
  clear(): void;
  close(): void;
}

export function openStore(file: string): CollectorStore {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  for (const table of COLLECTIONS) {
    // `written` orders lists by when the collector last stored the row, independent of
    // client-supplied timestamps (which can be anything).
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
      id TEXT PRIMARY KEY,
      json TEXT NOT NULL,
      updated TEXT NOT NULL,
      written INTEGER NOT NULL
    )`);
  }
  const statements = Object.fromEntries(
    COLLECTIONS.map((table) => [
      table,
      {
        get: db.prepare<[string], { json: string }>(`SELECT json FROM ${table} WHERE id = ?`),
        put: db.prepare(
          `INSERT INTO ${table} (id, json, updated, written) VALUES (?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated = excluded.updated, written = excluded.written`,
        ),
        list: db.prepare<[number], { json: string }>(`SELECT json FROM ${table} ORDER BY written DESC LIMIT ?`),
        clear: db.prepare(`DELETE FROM ${table}`),
        maxWritten: db.prepare<[], { w: number | null }>(`SELECT max(written) AS w FROM ${table}`),
      },
    ]),
  ) as Record<Collection, {
    get: Database.Statement<[string], { json: string }>;
    put: Database.Statement<[string, string, string, number]>;
    list: Database.Statement<[number], { json: string }>;
    clear: Database.Statement<[]>;
    maxWritten: Database.Statement<[], { w: number | null }>;
  }>;
  let written = Math.max(0, ...COLLECTIONS.map((t) => statements[t].maxWritten.get()?.w ?? 0));

  return {
    get(collection, id) {
      const row = statements[collection].get.get(id);
      return row ? JSON.parse(row.json) : undefined;
    },
    put(collection, id, doc) {
      statements[collection].put.run(id, JSON.stringify(doc), new Date().toISOString(), ++written);
    },
    list(collection, limit) {
      return statements[collection].list.all(limit).map((row) => JSON.parse(row.json) as unknown);
    },
    clear() {
      db.transaction(() => COLLECTIONS.forEach((t) => statements[t].clear.run()))();
    },
    close() {
      if (db.open) db.close();
    },
  };
}
