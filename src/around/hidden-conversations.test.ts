import { describe, expect, it } from 'vitest';
import { storageNames } from '../core/storage-names.ts';
import { hiddenConversations } from './hidden-conversations.ts';

const HIDDEN_KEY = storageNames('key-a', 'https://api.example').hidden;

/** A Storage over a Map (Node has none). */
function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

describe('hidden conversations', () => {
  it("are each project's own: a second project on the origin neither sees nor clears the first one's", () => {
    const local = fakeStorage();
    const a = hiddenConversations(HIDDEN_KEY, () => true, () => local);
    const b = hiddenConversations(storageNames('key-b', 'https://api.example').hidden, () => true, () => local);
    a.add('a1');
    b.add('b1');
    b.remove('a1');
    expect(a.all()).toEqual(['a1']);
    expect(b.all()).toEqual(['b1']);
  });

  it('are kept in localStorage, or sessionStorage without functional consent', () => {
    const local = fakeStorage();
    const session = fakeStorage();
    let functional = true;
    const h = hiddenConversations(HIDDEN_KEY, () => functional, () => local, () => session);
    h.add('a');
    h.add('b');
    h.add('a');
    expect(h.all()).toEqual(['b', 'a']);
    expect(JSON.parse(local.getItem(HIDDEN_KEY)!)).toEqual(['b', 'a']);
    h.remove('b');
    expect(h.has('a')).toBe(true);
    expect(h.has('b')).toBe(false);
    functional = false;
    h.add('c');
    expect(JSON.parse(session.getItem(HIDDEN_KEY)!)).toEqual(['c']);
    expect(JSON.parse(local.getItem(HIDDEN_KEY)!)).toEqual(['a']);
  });

  it('ignore what the page wrote there, and live in memory without storage', () => {
    const local = fakeStorage();
    local.setItem(HIDDEN_KEY, '{"not":"a list"}');
    expect(hiddenConversations(HIDDEN_KEY, () => true, () => local).all()).toEqual([]);
    local.setItem(HIDDEN_KEY, '[1, "x", null]');
    expect(hiddenConversations(HIDDEN_KEY, () => true, () => local).all()).toEqual(['x']);
    const none = hiddenConversations(HIDDEN_KEY, () => true, () => undefined, () => undefined);
    none.add('m');
    expect(none.has('m')).toBe(true);
  });
});
