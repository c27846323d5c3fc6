import { describe, expect, it } from 'vitest';
import { CONVERSATION_KEY } from '../core/storage-names.ts';
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
    const p = currentConversation(() => functional, () => local.area, () => session.area);
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
    local.m.set(CONVERSATION_KEY, '<img src=x>');
    expect(currentConversation(() => true, () => local.area, () => undefined).get()).toBeUndefined();
  });

  for (const [name, store] of [
    ['blocked (the getter throws, read as absent)', () => undefined],
    ['refusing every call', () => area(true).area],
  ] as const) {
    it(`storage ${name}: the page remembers the conversation itself, so switching to another one works`, () => {
      const p = currentConversation(() => true, store, store);
      expect(p.get()).toBeUndefined();
      p.set('c-1');
      expect(p.get()).toBe('c-1');
      p.set('c-2');
      expect(p.get()).toBe('c-2');
    });
  }
});
