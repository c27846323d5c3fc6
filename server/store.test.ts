import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { openStore } from './store.ts';
import { startServer } from './test-server.ts';

describe('SQLite store', () => {
  it('keeps conversations, feedback and events across a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'collector-db-')), 'collector.sqlite');
    const auth = { Authorization: 'Bearer k', 'Content-Type': 'application/json' };

    const db1 = openStore(file);
    const first = await startServer(createApp({ keys: [], apiKeys: ['k'], db: db1, admin: false }));
    const conv = { id: 'c-persist', type: 'support_copilot', messages: [{ id: 'm1', role: 'user', content: 'survive me' }] };
    const saved = await (await fetch(`${first.url}/conversations`, { method: 'POST', headers: auth, body: JSON.stringify(conv) })).json();
    await fetch(`${first.url}/feedback`, { method: 'POST', headers: auth, body: JSON.stringify({ id: 'f1', type: 'positive', messageId: 'm1' }) });
    await fetch(`${first.url}/events`, { method: 'POST', headers: auth, body: JSON.stringify({ type: 'x', entityType: 'message', messageId: 'm1' }) });
    await first.close();
    db1.close();

    const db2 = openStore(file);
    const second = await startServer(createApp({ keys: [], apiKeys: ['k'], db: db2, admin: false }));
    try {
      const res = await fetch(`${second.url}/conversations/c-persist`, { headers: auth });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(saved);
      const feedback = (await (await fetch(`${second.url}/feedback`, { headers: auth })).json()) as { feedback: { id: string }[] };
      expect(feedback.feedback.map((f) => f.id)).toEqual(['f1']);
      const events = (await (await fetch(`${second.url}/events`, { headers: auth })).json()) as { events: unknown[] };
      expect(events.events).toHaveLength(1);

      // Newest-first ordering continues after the restart instead of restarting from zero.
      await fetch(`${second.url}/conversations`, { method: 'POST', headers: auth, body: JSON.stringify({ ...conv, id: 'c-new' }) });
      const list = (await (await fetch(`${second.url}/conversations`, { headers: auth })).json()) as { conversations: { id: string }[] };
      expect(list.conversations.map((c) => c.id)).toEqual(['c-new', 'c-persist']);
    } finally {
      await second.close();
      db2.close();
    }
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('moves documents stored before projects existed into the default project', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'collector-db-')), 'collector.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE conversations (id TEXT PRIMARY KEY, json TEXT NOT NULL, updated TEXT NOT NULL, written INTEGER NOT NULL)');
    old.prepare('INSERT INTO conversations VALUES (?, ?, ?, ?)').run('c-old', '{"id":"c-old"}', '2026-01-01T00:00:00.000Z', 7);
    old.close();
    const store = openStore(file);
    expect(store.get('default', 'conversations', 'c-old')).toEqual({ id: 'c-old' });
    expect(store.get('other', 'conversations', 'c-old')).toBeUndefined();
    store.put('default', 'conversations', 'c-new', { id: 'c-new' });
    expect(store.list('default', 'conversations', 10)).toEqual([{ id: 'c-new' }, { id: 'c-old' }]);
    store.close();
  });

  it('clear() empties every collection and the tickets', () => {
    const store = openStore(':memory:');
    store.tickets.insert('p', { id: 'T-1', url: 'u', idempotencyKey: 'k', requests: 1, createdAt: '2026-01-01T00:00:00.000Z', request: {} });
    store.put('p', 'conversations', 'a', { id: 'a' });
    store.put('q', 'events', 'e', { id: 'e' });
    expect(store.list('p', 'conversations', 10)).toEqual([{ id: 'a' }]);
    store.clear();
    expect(store.list('p', 'conversations', 10)).toEqual([]);
    expect(store.get('q', 'events', 'e')).toBeUndefined();
    expect(store.tickets.get('T-1')).toBeUndefined();
    store.close();
  });
});
