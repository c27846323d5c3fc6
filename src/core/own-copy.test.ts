import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { bare, ownCopy, unpolluted } from './own-copy.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { messageSchema } from './schema.ts';
import { toMessage } from './message-input.ts';

const proto = Object.prototype as unknown as Record<string, unknown>;
const KEYS = ['headers', 'id', 'apiKey', 'chat', 'user', 'role', 'content', 'properties', 'messages', 'then'];
const pollute = () => KEYS.forEach((k) => (proto[k] = `polluted-${k}`));
afterEach(() => KEYS.forEach((k) => delete proto[k]));

describe('ownCopy', () => {
  it('copies own data into objects that cannot inherit, deeply, and keeps anything else as it is', () => {
    const fn = () => {};
    const date = new Date(0);
    const input = { a: { b: [{ c: 1 }] }, fn, date };
    const copy = ownCopy(input);
    expect(copy).toEqual(input);
    expect(Object.getPrototypeOf(copy)).toBe(null);
    expect(Object.getPrototypeOf(copy.a)).toBe(null);
    expect(Array.isArray(copy.a.b)).toBe(true);
    expect(Object.getPrototypeOf(copy.a.b[0])).toBe(null);
    expect(copy.fn).toBe(fn);
    expect(copy.date).toBe(date);
    pollute();
    expect((copy as unknown as Record<string, unknown>).id).toBeUndefined();
    expect('headers' in copy).toBe(false);
  });

  it('stops at a cycle instead of looping', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => ownCopy(a)).not.toThrow();
  });

  it('bare: one level, for browser dictionaries (fetch init) that read inherited keys', () => {
    pollute();
    const init = bare({ method: 'POST' }) as unknown as Record<string, unknown>;
    expect(init.headers).toBeUndefined();
    expect(init.method).toBe('POST');
  });
});

describe('unpolluted', () => {
  it("lets zod build and parse with enumerable keys on Object.prototype, and puts the page's keys back as they were", () => {
    pollute();
    // Unguarded, zod's own for...in over its tables reads the page's keys (its members installer throws).
    const schema = unpolluted(() => z.object({ role: z.string(), content: z.optional(z.string()) }));
    const r = unpolluted(() => schema.safeParse(ownCopy({ role: 'user' })));
    expect(r.success).toBe(true);
    expect(Object.keys(r.data!)).toEqual(['role']);
    expect(Object.getOwnPropertyDescriptor(Object.prototype, 'headers')).toMatchObject({ enumerable: true, value: 'polluted-headers' });
    const seen: string[] = [];
    for (const k in {}) seen.push(k);
    expect(seen).toEqual(KEYS);
  });

  it('restores the keys when the function throws', () => {
    pollute();
    expect(() =>
      unpolluted(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Object.getOwnPropertyDescriptor(Object.prototype, 'id')?.enumerable).toBe(true);
  });
});

describe('at the door, with a polluted Object.prototype', () => {
  it('a message reads only its own fields: no inherited id, properties or content', () => {
    pollute();
    const m = toMessage({ role: 'user' } as never, () => 'new-id', 0);
    expect(m.id).toBe('new-id');
    expect(m.content).toBeUndefined();
    expect(m.properties).toBeUndefined();
    expect(Object.getPrototypeOf(m)).toBe(null);
  });

  it('parseOrThrow still refuses a missing field that the prototype would supply', () => {
    pollute();
    expect(() => parseOrThrow(messageSchema, {}, 'message')).toThrow(/role: expected string, got nothing/);
  });
});
