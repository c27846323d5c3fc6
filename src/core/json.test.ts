import { afterEach, describe, expect, it } from 'vitest';
import { fromJson, toJson } from './json.ts';

type Protos = Record<string, unknown>;
const protos = { Array: Array.prototype, Object: Object.prototype, String: String.prototype } as unknown as Record<string, Protos>;
afterEach(() => Object.values(protos).forEach((p) => delete p.toJSON));

const body = { id: 'c1', type: 'support_copilot', messages: [{ role: 'user', content: 'hi', links: [{ url: 'https://x' }] }], userProperties: { id: 'u' } };
const expected = '{"id":"c1","type":"support_copilot","messages":[{"role":"user","content":"hi","links":[{"url":"https://x"}]}],"userProperties":{"id":"u"}}';

describe('toJson', () => {
  it('is JSON.stringify on a clean page', () => {
    expect(toJson(body)).toBe(JSON.stringify(body));
    expect(toJson(body)).toBe(expected);
  });

  // Prototype.js 1.6: Array#toJSON returns a JSON string, so JSON.stringify double-encodes arrays.
  it.each([['Array'], ['Object'], ['String'], ['Array', 'Object', 'String']])('ignores %s.prototype.toJSON (and any together)', (...names) => {
    for (const n of names) protos[n]!.toJSON = () => `${n}#toJSON`;
    // Strings are primitives: JSON.stringify never asks them (String#toJSON only mattered for String objects).
    if (names.includes('Array') || names.includes('Object')) expect(JSON.stringify(body)).not.toBe(expected);
    expect(toJson(body)).toBe(expected);
    expect(toJson([1, 'a', null, true])).toBe('[1,"a",null,true]');
    expect(toJson('plain')).toBe('"plain"');
  });

  it('measures the same bytes as it sends (sizes and bodies agree under a polluted page)', () => {
    protos.Array!.toJSON = function (this: unknown[]) {
      return `[${this.length} items]`;
    };
    expect(toJson(body).length).toBe(expected.length);
  });
});

describe('fromJson', () => {
  it('parses into objects that cannot inherit the page keys', () => {
    (Object.prototype as Protos).error = 'polluted';
    try {
      const o = fromJson('{"choices":[{"delta":{}}]}') as { error?: unknown; choices: { delta: { content?: unknown } }[] };
      expect(o.error).toBeUndefined();
      expect(o.choices[0]!.delta.content).toBeUndefined();
    } finally {
      delete (Object.prototype as Protos).error;
    }
  });
});

describe('JSON replaced by the page after the widget started', () => {
  const saved = { parse: JSON.parse, stringify: JSON.stringify };
  afterEach(() => Object.assign(JSON, saved));

  it('fromJson and toJson keep using the JSON captured at start (a date reviver, a broken stringify change nothing)', () => {
    const text = '{"messages":[{"content":"since 2024-01-01T00:00:00.000Z","createdAt":"2024-01-01T00:00:00.000Z"}]}';
    JSON.parse = ((t: string) => saved.parse(t, (_k, v) => (typeof v === 'string' && /^\d{4}-/.test(v) ? new Date(v) : v))) as typeof JSON.parse;
    JSON.stringify = (() => '{}') as typeof JSON.stringify;
    expect(fromJson(text)).toEqual({ messages: [{ content: 'since 2024-01-01T00:00:00.000Z', createdAt: '2024-01-01T00:00:00.000Z' }] });
    expect(toJson(body)).toBe(expected);
  });
});
