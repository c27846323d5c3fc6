import { afterEach, describe, expect, it } from 'vitest';
import { is, list, opt, shape, test } from './shape.ts';
import { parseOrThrow } from './parse-or-throw.ts';

const fields = shape({ name: is('string'), age: opt(is('number', (n: number) => n >= 0, 'expected a number >= 0')), tags: opt(list(is('string'))), kind: opt(test((v) => v === 'a', 'expected "a"')) });
const message = (s: Parameters<typeof parseOrThrow>[0], v: unknown) => {
  try {
    parseOrThrow(s, v, 'thing');
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

afterEach(() => delete (Object.prototype as Record<string, unknown>).name);

describe('shape', () => {
  it('names each failing field with what was expected and what came, as a zod schema did', () => {
    expect(message(fields, { age: -1, tags: ['x', 3], kind: 'b' })).toBe(
      'Invalid thing: name: expected string, got nothing; age: expected a number >= 0; tags.1: expected string, got number; kind: expected "a"',
    );
    expect(message(fields, 'x')).toBe('Invalid thing: expected object, got string');
    expect(message(fields, { name: 'n', age: Number.NaN })).toBe('Invalid thing: age: expected number, got number');
    expect(message(fields, { name: 'n', tags: 'x' })).toBe('Invalid thing: tags: expected array, got string');
  });

  it('drops unknown keys, or keeps them when loose; an absent optional field stays absent', () => {
    expect(fields.safeParse({ name: 'n', extra: 1 })).toEqual({ success: true, data: { name: 'n' } });
    expect(shape({ name: is('string') }, true).safeParse({ name: 'n', extra: 1 }).data).toEqual({ name: 'n', extra: 1 });
    expect(Object.keys(fields.safeParse({ name: 'n' }).data!)).toEqual(['name']);
  });

  it('runs the whole-object rule only when every field passed', () => {
    const s = shape({ a: is('number') }, false, [(v) => v.a !== 0, 'a must not be 0']);
    expect(s.safeParse({ a: 0 }).error?.issues.map((i) => i.message)).toEqual(['a must not be 0']);
    expect(s.safeParse({ a: 'x' }).error?.issues).toHaveLength(1);
  });

  it("reads own fields only: a page's Object.prototype key neither adds a field nor fills a missing one", () => {
    (Object.prototype as Record<string, unknown>).name = 'from the page';
    expect(fields.safeParse({}).error?.issues.map((i) => i.path)).toEqual([['name']]);
    expect(fields.safeParse({ name: 'n' }).data).toEqual({ name: 'n' });
    expect(fields.keys).toEqual(['name', 'age', 'tags', 'kind']);
  });
});
