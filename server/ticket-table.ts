/**
 * The demo tickets, in the collector's SQLite file beside the analytics documents, so they
 * survive a restart and cost no memory while they wait. A ticket belongs to the project of the
 * key that made it; its id is unique across projects, because the visitor's "request received"
 * page finds it by id alone. An `Idempotency-Key` names one ticket per project.
 */
import type Database from 'better-sqlite3';

export interface StoredTicket {
  id: string;
  /** The page the widget shows the visitor ("View your request"). */
  url: string;
  idempotencyKey: string;
  /** POSTs that carried this key (1 = sent once; more = retries answered with the same ticket). */
  requests: number;
  createdAt: string;
  request: Record<string, unknown>;
}

export interface TicketTable {
  /** The project's ticket for this Idempotency-Key, its request count raised by one; undefined when there is none. */
  repeat(project: string, idempotencyKey: string): StoredTicket | undefined;
  /** Stores a new ticket; false when its id is taken (the caller draws another). */
  insert(project: string, ticket: StoredTicket): boolean;
  /** A ticket by id alone, with its project. */
  get(id: string): { project: string; ticket: StoredTicket } | undefined;
  /** The project's tickets, newest first. */
  list(project: string, limit: number): StoredTicket[];
  clear(): void;
}

interface Row {
  project: string;
  json: string;
  requests: number;
}

const ticketOf = (row: Row): StoredTicket => ({ ...(JSON.parse(row.json) as StoredTicket), requests: row.requests });

export function ticketTable(db: Database.Database): TicketTable {
  db.exec(`CREATE TABLE IF NOT EXISTS tickets (
    id TEXT PRIMARY KEY,
    project TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    json TEXT NOT NULL,
    requests INTEGER NOT NULL,
    UNIQUE (project, idempotency_key)
  )`);
  const repeat = db.prepare<[string, string], Row>(
    'UPDATE tickets SET requests = requests + 1 WHERE project = ? AND idempotency_key = ? RETURNING project, json, requests',
  );
  const insert = db.prepare<[string, string, string, string, number]>(
    'INSERT INTO tickets (id, project, idempotency_key, json, requests) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  );
  const get = db.prepare<[string], Row>('SELECT project, json, requests FROM tickets WHERE id = ?');
  // rowid grows with every insert: newest first without trusting any clock.
  const list = db.prepare<[string, number], Row>('SELECT project, json, requests FROM tickets WHERE project = ? ORDER BY rowid DESC LIMIT ?');
  const clear = db.prepare('DELETE FROM tickets');

  return {
    repeat(project, key) {
      const row = repeat.get(project, key);
      return row ? ticketOf(row) : undefined;
    },
    insert(project, ticket) {
      const { requests, ...rest } = ticket;
      return insert.run(ticket.id, project, ticket.idempotencyKey, JSON.stringify(rest), requests).changes === 1;
    },
    get(id) {
      const row = get.get(id);
      return row ? { project: row.project, ticket: ticketOf(row) } : undefined;
    },
    list: (project, limit) => list.all(project, limit).map(ticketOf),
    clear: () => void clear.run(),
  };
}
