/** The JSON self-test: a copy that alters data like ours (a date reviver, a "fixed" stringify, a throwing one) is refused; the realm's passes. */
import { describe, expect, it } from 'vitest';
import { asIs, capture } from './pristine.ts';

const realParse = JSON.parse;
const realStringify = JSON.stringify;
const dates = (_k: string, v: unknown) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v) : v);

describe('pristine JSON', () => {
  it("keeps the realm's JSON", () => {
    const j = capture(JSON).json!;
    expect(j.parse('{"a":[1,"2024-01-01T00:00:00.000Z"]}', asIs)).toEqual({ a: [1, '2024-01-01T00:00:00.000Z'] });
    expect(j.stringify({ a: 'é' })).toBe('{"a":"é"}');
  });

  const broken: [string, unknown][] = [
    // An old library's JSON.parse that applies its date reviver whatever it is given.
    ['a parse that always revives dates', { parse: (t: string) => realParse(t, dates), stringify: realStringify }],
    ['a parse that returns garbage', { parse: () => ({}), stringify: realStringify }],
    ['a parse that throws', { parse: () => { throw new TypeError('broken'); }, stringify: realStringify }],
    ['a stringify that escapes non-ASCII differently', { parse: realParse, stringify: (v: unknown) => realStringify(v).replace('é', '\\u00e9') }],
    ['a stringify that returns garbage', { parse: realParse, stringify: () => '{}' }],
    ['no JSON at all', null],
  ];
  for (const [name, j] of broken) {
    it(`refuses ${name}`, () => {
      expect(capture(j).json).toBeNull();
    });
  }

  it("keeps the realm's JSON on a page with Prototype.js's Array#toJSON (json.ts undoes it)", () => {
    const proto = Array.prototype as unknown as { toJSON?: () => string };
    // Prototype.js 1.6: an array turns itself into a JSON string, so JSON.stringify double-encodes it.
    proto.toJSON = function (this: unknown[]) {
      return `[${this.length} items]`;
    };
    try {
      expect(capture(JSON).json).not.toBeNull();
    } finally {
      delete proto.toJSON;
    }
  });

  // A page wrapper that applies its own reviver only when none is given stands aside for ours.
  it('passes a parse whose default reviver stands aside when ours is given', () => {
    const parse = (t: string, r?: (k: string, v: unknown) => unknown) => realParse(t, r ?? dates);
    expect(capture({ parse, stringify: realStringify }).json).not.toBeNull();
  });
});
