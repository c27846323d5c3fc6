import { describe, expect, it } from 'vitest';
import { createIdentityStore, readCookie } from './identity-store.ts';

const NAME = 'inkeepUsagePreferences_userId';
const GOOD = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const SESSION_KEY = 'support-copilot:v1:anonymous-id';

/** A document whose cookie jar behaves like the browser's, recording every assignment. */
function fakeDoc(protocol = 'http:', initial: Record<string, string> = {}) {
  const jar = new Map(Object.entries(initial));
  const assignments: string[] = [];
  const doc = {
    location: { protocol },
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(value: string) {
      assignments.push(value);
      const [pair, ...attrs] = value.split('; ');
      const eq = pair!.indexOf('=');
      const [k, v] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
      if (attrs.includes('Max-Age=0')) jar.delete(k);
      else jar.set(k, v);
    },
  };
  return { doc: doc as unknown as Document, jar, assignments };
}

function fakeSession() {
  const data = new Map<string, string>();
  const storage = {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, String(v)),
    removeItem: (k: string) => void data.delete(k),
  };
  return { data, session: () => storage as unknown as Storage };
}

const idSource = (prefix = 'generated-id') => {
  let n = 0;
  const f = () => `${prefix}-${++n}`;
  return Object.assign(f, { count: () => n });
};

describe('identity store: cookies allowed', () => {
  it('writes name=value; Max-Age=31536000; Path=/; SameSite=Lax on http', () => {
    const { doc, assignments } = fakeDoc('http:');
    const ids = createIdentityStore({ cookieName: NAME, newId: idSource(), doc, session: fakeSession().session });
    expect(ids.anonymousId(true)).toBe('generated-id-1');
    expect(assignments).toEqual([`${NAME}=generated-id-1; Max-Age=31536000; Path=/; SameSite=Lax`]);
  });

  it('adds Secure on https and Domain when a cookieDomain is set', () => {
    const { doc, assignments } = fakeDoc('https:');
    const ids = createIdentityStore({ cookieName: NAME, cookieDomain: '.example.com', newId: idSource(), doc, session: fakeSession().session });
    ids.anonymousId(true);
    expect(assignments).toHaveLength(1);
    const [pair, ...attrs] = assignments[0]!.split('; ');
    expect(pair).toBe(`${NAME}=generated-id-1`);
    expect(attrs.sort()).toEqual(['Domain=.example.com', 'Max-Age=31536000', 'Path=/', 'SameSite=Lax', 'Secure']);
  });

  it('no Secure on http even with a domain', () => {
    const { doc, assignments } = fakeDoc('http:');
    createIdentityStore({ cookieName: NAME, cookieDomain: 'example.com', newId: idSource(), doc }).anonymousId(true);
    expect(assignments[0]).not.toContain('Secure');
    expect(assignments[0]).toContain('; Domain=example.com');
  });

  it('reuses a present, well-formed cookie (shared with Inkeep tools) without drawing a new id', () => {
    const { doc } = fakeDoc('https:', { other: 'x', [NAME]: GOOD });
    const newId = idSource();
    const ids = createIdentityStore({ cookieName: NAME, newId, doc, session: fakeSession().session });
    expect(ids.anonymousId(true)).toBe(GOOD);
    expect(ids.anonymousId(true)).toBe(GOOD);
    expect(newId.count()).toBe(0);
  });

  it('replaces a malformed cookie', () => {
    // Outside 1-256 visible ASCII characters once decoded (core/identity-rules.ts isWellFormedAnonymousId).
    for (const bad of [encodeURIComponent('has spaces and; stuff'), '%E0%A4%A', 'x'.repeat(257), encodeURIComponent('café')]) {
      const { doc, jar, assignments } = fakeDoc('http:', { [NAME]: bad });
      const ids = createIdentityStore({ cookieName: NAME, newId: idSource(), doc, session: fakeSession().session });
      expect(ids.anonymousId(true), bad).toBe('generated-id-1');
      expect(jar.get(NAME)).toBe('generated-id-1');
      expect(assignments).toHaveLength(1);
    }
  });

  it('keeps the same id across calls and across store instances (the cookie persists)', () => {
    const { doc } = fakeDoc();
    const a = createIdentityStore({ cookieName: NAME, newId: idSource('aaaaaaaa'), doc });
    const first = a.anonymousId(true);
    expect(a.anonymousId(true)).toBe(first);
    const b = createIdentityStore({ cookieName: NAME, newId: idSource('bbbbbbbb'), doc });
    expect(b.anonymousId(true)).toBe(first);
  });

  it('reset() draws and stores a new id', () => {
    const { doc, jar } = fakeDoc('http:', { [NAME]: GOOD });
    const ids = createIdentityStore({ cookieName: NAME, newId: idSource(), doc });
    expect(ids.reset(true)).toBe('generated-id-1');
    expect(jar.get(NAME)).toBe('generated-id-1');
    expect(ids.anonymousId(true)).toBe('generated-id-1');
  });
});

describe('identity store: cookies not allowed', () => {
  it('writes no cookie and keeps the id in sessionStorage', () => {
    const { doc, assignments } = fakeDoc();
    const s = fakeSession();
    const ids = createIdentityStore({ cookieName: NAME, newId: idSource(), doc, session: s.session });
    const id = ids.anonymousId(false);
    expect(id).toBe('generated-id-1');
    expect(assignments).toEqual([]);
    expect(s.data.get(SESSION_KEY)).toBe(id);
    expect(ids.anonymousId(false)).toBe(id);
  });

  it('removes an existing cookie of ours with Max-Age=0', () => {
    const { doc, jar, assignments } = fakeDoc('https:', { [NAME]: GOOD, other: 'keep' });
    const s = fakeSession();
    const ids = createIdentityStore({ cookieName: NAME, newId: idSource(), doc, session: s.session });
    const id = ids.anonymousId(false);
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatch(new RegExp(`^${NAME}=; `));
    expect(assignments[0]!.split('; ')).toContain('Max-Age=0');
    expect(assignments[0]!.split('; ')).toContain('Path=/');
    expect(jar.has(NAME)).toBe(false);
    expect(jar.get('other')).toBe('keep');
    expect(s.data.get(SESSION_KEY)).toBe(id);
  });

  it('removal uses the same Domain as the cookie was written with', () => {
    const { doc, assignments } = fakeDoc('http:', { [NAME]: GOOD });
    createIdentityStore({ cookieName: NAME, cookieDomain: '.example.com', newId: idSource(), doc }).anonymousId(false);
    expect(assignments[0]!.split('; ')).toEqual(expect.arrayContaining(['Max-Age=0', 'Domain=.example.com']));
  });

  it('reuses an id already in sessionStorage', () => {
    const { doc } = fakeDoc();
    const s = fakeSession();
    s.data.set(SESSION_KEY, GOOD);
    const newId = idSource();
    expect(createIdentityStore({ cookieName: NAME, newId, doc, session: s.session }).anonymousId(false)).toBe(GOOD);
    expect(newId.count()).toBe(0);
  });

  it('falls back to memory when sessionStorage throws', () => {
    const { doc } = fakeDoc();
    const throwing = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    const ids = createIdentityStore({ cookieName: NAME, newId: idSource(), doc, session: throwing });
    const id = ids.anonymousId(false);
    expect(id).toBe('generated-id-1');
    expect(ids.anonymousId(false)).toBe(id);
  });
});

describe('identity store: broken documents', () => {
  it('a throwing cookie getter and setter do not throw out; the id lives in memory', () => {
    const doc = {
      location: { protocol: 'https:' },
      get cookie(): string {
        throw new DOMException('sandboxed', 'SecurityError');
      },
      set cookie(_v: string) {
        throw new DOMException('sandboxed', 'SecurityError');
      },
    } as unknown as Document;
    const ids = createIdentityStore({ cookieName: NAME, newId: idSource(), doc, session: fakeSession().session });
    expect(() => ids.anonymousId(true)).not.toThrow();
    const id = ids.anonymousId(true);
    expect(id).toBe('generated-id-1');
    expect(() => ids.anonymousId(false)).not.toThrow();
    expect(() => ids.reset(true)).not.toThrow();
    expect(readCookie(doc, NAME)).toBeUndefined();
  });

  it('readCookie finds the named cookie only, decoding it', () => {
    const { doc } = fakeDoc('http:', { [`x${NAME}`]: 'nope', [NAME]: 'a%20b', z: '1' });
    expect(readCookie(doc, NAME)).toBe('a b');
    expect(readCookie(doc, 'missing')).toBeUndefined();
    expect(readCookie(undefined, NAME)).toBeUndefined();
  });
});
