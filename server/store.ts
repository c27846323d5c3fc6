/**
 * Durable storage for what the collector accepted: one SQLite file (WAL) so the demo and the
 * tests can restart the server and still see every conversation, which is the property the
 * widget is built to guarantee. `:memory:` gives a throwaway store for unit tests.
 * Every document belongs to a project (the key's): the same id under two projects is two
 * documents, and no call reaches across projects.
 */
import Database from 'better-sqlite3';
import { DEFAULT_PROJECT } from './auth.ts';
import { ticketTable, type TicketTable } from './ticket-table.ts';

export const COLLECTIONS = ['conversations', 'feedback', 'events'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export interface CollectorStore {
  get(project: string, collection: Collection, id: string): unknown;
  put(project: string, collection: Collection, id: string, doc: unknown): void;
  /** Most recently written first. */
  list(project: string, collection: Collection, limit: number): unknown[];
  /** The demo ticket endpoint's tickets (server/tickets.ts). */
  tickets: TicketTable;
  /** Empties every collection and the tickets. */
  clear(): void;
  close(): void;
}

interface Statements {
  get: Database.Statement<[string, string], { json: string }>;
  put: Database.Statement<[string, string, string, string, number]>;
  list: Database.Statement<[string, number], { json: string }>;
  clear: Database.Statement<[]>;
  maxWritten: Database.Statement<[], { w: number | null }>;
}

/** Tables from before projects existed (keyed by id alone) move into the default project. */
function migrate(db: Database.Database, table: Collection): void {
  const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all();
  if (columns.length === 0 || columns.some((c) => c.name === 'project')) return;
  db.transaction(() => {
    db.exec(`ALTER TABLE ${table} RENAME TO ${table}_v1`);
    createTable(db, table);
    db.prepare(`INSERT INTO ${table} (project, id, json, updated, written) SELECT ?, id, json, updated, written FROM ${table}_v1`).run(DEFAULT_PROJECT);
    db.exec(`DROP TABLE ${table}_v1`);
  })();
}

function createTable(db: Database.Database, table: Collection): void {
  // `written` orders lists by when the collector last stored the row, independent of
  // client-supplied timestamps (which can be anything).
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    project TEXT NOT NULL,
    id TEXT NOT NULL,
    json TEXT NOT NULL,
    updated TEXT NOT NULL,
    written INTEGER NOT NULL,
    PRIMARY KEY (project, id)
  )`);
}

export function openStore(file: string): CollectorStore {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  for (const table of COLLECTIONS) {
    migrate(db, table);
    createTable(db, table);
  }
  const statements = Object.fromEntries(
    COLLECTIONS.map((table): [Collection, Statements] => [
      table,
      {
        get: db.prepare(`SELECT json FROM ${table} WHERE project = ? AND id = ?`),
        put: db.prepare(
          `INSERT INTO ${table} (project, id, json, updated, written) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(project, id) DO UPDATE SET json = excluded.json, updated = excluded.updated, written = excluded.written`,
        ),
        list: db.prepare(`SELECT json FROM ${table} WHERE project = ? ORDER BY written DESC LIMIT ?`),
        clear: db.prepare(`DELETE FROM ${table}`),
        maxWritten: db.prepare(`SELECT max(written) AS w FROM ${table}`),
      },
    ]),
  ) as Record<Collection, Statements>;
  const tickets = ticketTable(db);
  let written = Math.max(0, ...COLLECTIONS.map((t) => statements[t].maxWritten.get()?.w ?? 0));

  return {
    get(project, collection, id) {
      const row = statements[collection].get.get(project, id);
      return row ? JSON.parse(row.json) : undefined;
    },
    put(project, collection, id, doc) {
      statements[collection].put.run(project, id, JSON.stringify(doc), new Date().toISOString(), ++written);
    },
    list(project, collection, limit) {
      return statements[collection].list.all(project, limit).map((row) => JSON.parse(row.json) as unknown);
    },
    tickets,
    clear() {
      db.transaction(() => {
        COLLECTIONS.forEach((t) => statements[t].clear.run());
        tickets.clear();
      })();
    },
    close() {
      if (db.open) db.close();
    },
  };
}
