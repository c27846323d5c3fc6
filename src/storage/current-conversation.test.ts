/** The conversation the widget shows, remembered per project: two widgets of one origin keep their own. */
import { describe, expect, it } from 'vitest';
import { storageNames } from '../core/storage-names.ts';
import { currentConversation } from './current-conversation.ts';

function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return { get length() { return m.size; }, clear: () => m.clear(), getItem: (k) => m.get(k) ?? null, key: (i) => [...m.keys()][i] ?? null, removeItem: (k) => void m.delete(k), setItem: (k, v) => void m.set(k, String(v)) };
}

describe('current conversation', () => {
  it("is each project's own: another project's widget on the origin never shows it", () => {
    const local = fakeStorage();
    const session = fakeStorage();
    const a = currentConversation(storageNames('key-a', 'https://api.example').conversation, () => true, () => local, () => session);
    const b = currentConversation(storageNames('key-b', 'https://api.example').conversation, () => true, () => local, () => session);
    a.set('conv-a');
    b.set('conv-b');
    expect([a.get(), b.get()]).toEqual(['conv-a', 'conv-b']);
    const c = currentConversation(storageNames('key-a', 'https://other.example').conversation, () => true, () => local, () => session);
    expect(c.get()).toBeUndefined();
  });

  it('kept for the tab only without functional consent, and what the page wrote there is not trusted', () => {
    const local = fakeStorage();
    const session = fakeStorage();
    const key = storageNames('key-a', 'https://api.example').conversation;
    const p = currentConversation(key, () => false, () => local, () => session);
    p.set('conv-1');
    expect(local.getItem(key)).toBeNull();
    expect(p.get()).toBe('conv-1');
    session.setItem(key, '../../etc/passwd');
    expect(p.get()).toBeUndefined();
  });
});
