import { describe, expect, it } from 'vitest';
import { toMessage } from './message-input.ts';
import type { MessageInput } from './public-types.ts';
import { SupportCopilotError } from './support-copilot-error.ts';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const NOW_ISO = '2026-01-02T03:04:05.678Z';
const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};

function rejection(input: unknown): SupportCopilotError {
  try {
    toMessage(input as MessageInput, ids(), NOW);
  } catch (e) {
    expect(e).toBeInstanceOf(SupportCopilotError);
    return e as SupportCopilotError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('toMessage', () => {
  it('fills id, createdAt and updatedAt from the injected id source and clock', () => {
    expect(toMessage({ role: 'user', content: 'hi' }, ids(), NOW)).toEqual({
      role: 'user',
      content: 'hi',
      id: 'id-1',
      createdAt: NOW_ISO,
      updatedAt: NOW_ISO,
    });
  });

  it('is deterministic for the same inputs, and each call draws a new id', () => {
    const a = toMessage({ role: 'user' }, () => 'same', NOW);
    const b = toMessage({ role: 'user' }, () => 'same', NOW);
    expect(a).toEqual(b);
    const next = ids();
    expect([toMessage({ role: 'user' }, next, NOW).id, toMessage({ role: 'user' }, next, NOW).id]).toEqual(['id-1', 'id-2']);
  });

  it('keeps a given id and dates and does not draw an id', () => {
    let drawn = 0;
    const m = toMessage(
      { id: 'mine', role: 'assistant', createdAt: '2025-05-05T05:05:05Z', updatedAt: '2025-05-05T06:00:00+01:00' },
      () => `x${++drawn}`,
      NOW,
    );
    expect(m).toMatchObject({ id: 'mine', createdAt: '2025-05-05T05:05:05Z', updatedAt: '2025-05-05T06:00:00+01:00' });
    expect(drawn).toBe(0);
  });

  it('converts Date objects to ISO strings; updatedAt defaults to createdAt', () => {
    const created = new Date(Date.UTC(2025, 11, 31, 23, 59, 59));
    const m = toMessage({ role: 'user', createdAt: created }, ids(), NOW);
    expect(m.createdAt).toBe('2025-12-31T23:59:59.000Z');
    expect(m.updatedAt).toBe('2025-12-31T23:59:59.000Z');
    const m2 = toMessage({ role: 'user', updatedAt: new Date(0) }, ids(), NOW);
    expect(m2.createdAt).toBe(NOW_ISO);
    expect(m2.updatedAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('keeps links, properties and userProperties (unknown keys too)', () => {
    const m = toMessage(
      {
        role: 'assistant',
        links: [{ url: 'https://docs.example.com/a', title: 'A' }],
        properties: { a: 1 },
        userProperties: { id: 'u1', custom: 'kept' },
      },
      ids(),
      NOW,
    );
    expect(m.links).toEqual([{ url: 'https://docs.example.com/a', title: 'A' }]);
    expect(m.properties).toEqual({ a: 1 });
    expect(m.userProperties).toEqual({ id: 'u1', custom: 'kept' });
  });

  it('rejects a missing role, naming role', () => {
    expect(rejection({ content: 'hi' }).message).toContain('role');
  });

  it('rejects an empty role, naming role', () => {
    const e = rejection({ role: '', content: 'hi' });
    expect(e.issues!.map((i) => i.path)).toEqual(['role']);
  });

  it('rejects content that is a number, naming content', () => {
    const e = rejection({ role: 'user', content: 42 });
    expect(e.message).toContain('content');
    expect(e.issues!.map((i) => i.path)).toEqual(['content']);
  });

  it('rejects a link whose url is not a URL, naming links.0.url', () => {
    const e = rejection({ role: 'assistant', links: [{ url: 'not a url' }] });
    expect(e.message).toContain('links.0.url');
  });

  it('rejects non-object input', () => {
    for (const bad of [null, undefined, 'hello', 42, ['user', 'hi']]) {
      const e = rejection(bad);
      expect(e.message, JSON.stringify(bad)).toContain('expected an object');
    }
  });

  it('rejects an invalid Date, naming the field', () => {
    expect(rejection({ role: 'user', createdAt: new Date('nope') }).message).toContain('createdAt');
    expect(rejection({ role: 'user', updatedAt: new Date(Number.NaN) }).message).toContain('updatedAt');
  });

  it('rejects a date string without timezone, naming the field', () => {
    expect(rejection({ role: 'user', createdAt: '2026-01-01T00:00:00' }).message).toContain('createdAt');
  });
});
