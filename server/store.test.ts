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
    const first = await startServer(createApp({ keys: ['k'], db: db1, admin: false }));
    const conv = { id: 'c-persist', type: 'support_copilot', messages: [{ id: 'm1', role: 'user', content: 'survive me' }] };
    const saved = await (await fetch(`${first.url}/conversations`, { method: 'POST', headers: auth, body: JSON.stringify(conv) })).json();
    await fetch(`${first.url}/feedback`, { method: 'POST', headers: auth, body: JSON.stringify({ id: 'f1', type: 'positive', messageId: 'm1' }) });
    await fetch(`${first.url}/events`, { method: 'POST', headers: auth, body: JSON.stringify({ type: 'x', entityType: 'message', messageId: 'm1' }) });
    await first.close();
    db1.close();

    const db2 = openStore(file);
    const second = await startServer(createApp({ keys: ['k'], db: db2, admin: false }));
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

  it('clear() empties every collection', () => {
    const store = openStore(':memory:');
    store.put('conversations', 'a', { id: 'a' });
    store.put('events', 'e', { id: 'e' });
    expect(store.list('conversations', 10)).toEqual([{ id: 'a' }]);
    store.clear();
    expect(store.list('conversations', 10)).toEqual([]);
    expect(store.get('events', 'e')).toBeUndefined();
    store.close();
  });
});
