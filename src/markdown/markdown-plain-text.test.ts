import { describe, expect, it } from 'vitest';
import { plainText } from './markdown-plain-text.ts';

describe('plainText (what Copy answer copies)', () => {
  it('drops markdown syntax and keeps what the visitor reads', () => {
    expect(plainText('## Install\n\nAdd **one** _script_ tag. See [the guide](https://x.example/g).')).toBe(
      'Install\n\nAdd one script tag. See the guide (https://x.example/g).',
    );
  });
  it('keeps code exactly, without fences', () => {
    expect(plainText('Run:\n\n```sh\nnpm i **x**\n  indented\n```\n\nThen `npm start`.')).toBe('Run:\n\nnpm i **x**\n  indented\n\nThen npm start.');
  });
  it('writes lists, nested lists, quotes and tables as text', () => {
    expect(plainText('1. One\n2. Two\n   - a\n\n> quoted *it*')).toBe('1. One\n2. Two\n  • a\n\nquoted it');
    expect(plainText('| a | b |\n|---|---|\n| 1 | **2** |')).toBe('a\tb\n1\t2');
  });
  it('does not repeat a bare URL', () => {
    expect(plainText('Go to https://x.example/a.')).toBe('Go to https://x.example/a.');
  });
});
