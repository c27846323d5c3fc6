import { describe, expect, it } from 'vitest';
import { storageNames } from '../core/storage-names.ts';

const KEY = storageNames('key-a', 'https://api.example').conversation;
import { currentConversation } from './current-conversation.ts';

/** A Storage-like area in memory; `refuse` makes every call throw as a blocked or full one does. */
function area(refuse = false) {
  const m = new Map<string, string>();
  const no = () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  };
  return {
    m,
    area: {
      getItem: (k: string) => (refuse ? no() : (m.get(k) ?? null)),
      setItem: (k: string, v: string) => (refuse ? no() : void m.set(k, v)),
      removeItem: (k: string) => (refuse ? no() : void m.delete(k)),
    } as unknown as Storage,
  };
}

describe('currentConversation', () => {
  it('is kept in localStorage with functional storage allowed, in sessionStorage without', () => {
    const local = area();
    const session = area();
    let functional = true;
    const p = currentConversation(KEY, () => functional, () => local.area, () => session.area);
    p.set('c-1');
    expect([...local.m.values()]).toEqual(['c-1']);
    functional = false;
    p.set('c-2');
    expect([...session.m.values()]).toEqual(['c-2']);
    expect(local.m.size).toBe(0);
    expect(p.get()).toBe('c-2');
  });

  it('reads a value the page wrote as absent unless it is a well-formed id', () => {
    const local = area();
    local.m.set(KEY, '<img src=x>');
    expect(currentConversation(KEY, () => true, () => local.area, () => undefined).get()).toBeUndefined();
  });

  for (const [name, store] of [
    ['blocked (the getter throws, read as absent)', () => undefined],
    ['refusing every call', () => area(true).area],
  ] as const) {
    it(`storage ${name}: the page remembers the conversation itself, so switching to another one works`, () => {
      const p = currentConversation(KEY, () => true, store, store);
      expect(p.get()).toBeUndefined();
      p.set('c-1');
      expect(p.get()).toBe('c-1');
      p.set('c-2');
      expect(p.get()).toBe('c-2');
    });
  }
});

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
