import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { localePack } from './locale-pack.ts';

// Every language the widget speaks: English (its own text) and one pack per file in src/locales/.
const packs = readdirSync(new URL('../../locales/', import.meta.url)).map((f) => f.replace(/\.ts$/, ''));
const languages = ['en', ...packs];

describe('the language pack in use', () => {
  it('switches between every pair of languages, English included, asking only for packs that exist', async () => {
    for (const from of languages) {
      for (const to of languages) {
        const asked: string[] = [];
        const errors: unknown[] = [];
        const l = localePack(async (code) => (asked.push(code), packs.includes(code) ? { title: code } : Promise.reject(new Error(`no pack ${code}`))), () => {}, (e) => errors.push(e));
        l.want(from);
        l.want(to);
        await new Promise((r) => setTimeout(r));
        expect(l.code, `${from} -> ${to}`).toBe(to);
        expect(l.pack, `${from} -> ${to}`).toEqual(to === 'en' ? {} : { title: to });
        expect(asked.every((c) => packs.includes(c)), `${from} -> ${to}: asked ${asked}`).toBe(true);
        expect(errors).toEqual([]);
      }
    }
  });
});
