import { describe, expect, it } from 'vitest';
import { isRtl, packFor } from './locale.ts';

describe('locale packs', () => {
  it('maps language tags to a built-in pack, else English', () => {
    expect(packFor('pt-BR')).toBe('pt');
    expect(packFor('zh_Hans')).toBe('zh');
    expect(packFor('JA')).toBe('ja');
    expect(packFor(' ar-EG ')).toBe('ar');
    expect(packFor('en-GB')).toBe('en');
    expect(packFor('nl')).toBe('en');
    expect(packFor('fil')).toBe('en');
    expect(packFor('')).toBe('en');
    expect(packFor(undefined)).toBe('en');
  });

  it('Arabic and Hebrew read right to left', () => {
    expect(['ar', 'he', 'en', 'ja'].map(isRtl)).toEqual([true, true, false, false]);
  });
});
