/** Every language pack says everything English says, with the same placeholders. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultStrings } from './strings.ts';
import type { Strings } from '../../widget-core/widget-types.ts';

const dir = new URL('../../locales/', import.meta.url);
const codes = readdirSync(dir).filter((f) => /^[a-z]{2}\.ts$/.test(f)).map((f) => f.slice(0, 2));
const placeholders = (s: string) => [...s.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();

describe('language packs', () => {
  it('are the eight the widget promises besides English', () => {
    expect(codes.sort()).toEqual(['ar', 'de', 'es', 'fr', 'he', 'ja', 'pt', 'zh']);
  });

  for (const code of codes) {
    it(`${code}: every key of the English text, none extra, none empty, same placeholders`, async () => {
      const pack = ((await import(new URL(`${code}.ts`, dir).href)) as { default: Partial<Strings> }).default;
      expect(Object.keys(pack).sort(), 'keys').toEqual(Object.keys(defaultStrings).sort());
      for (const [key, value] of Object.entries(pack)) {
        expect(value!.trim(), `${code}.${key}`).not.toBe('');
        expect(placeholders(value!), `${code}.${key} placeholders`).toEqual(placeholders(defaultStrings[key as keyof Strings]));
      }
      // Translated, not copied: only a few words stay the same in another language (Support, Email, ...).
      const same = Object.keys(pack).filter((k) => pack[k as keyof Strings] === defaultStrings[k as keyof Strings]);
      expect(same.length, `${code}: left in English: ${same.join(', ')}`).toBeLessThanOrEqual(3);
    });
  }
});
