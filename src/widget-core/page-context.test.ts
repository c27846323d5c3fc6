import { describe, expect, it } from 'vitest';
import { pageContext } from './page-context.ts';

describe('pageContext', () => {
  const href = 'https://help.example.com/reset/confirm?token=s3cret&u=7#step-2';
  it('keeps origin and path by default: no query string or fragment (they can carry tokens)', () => {
    expect(pageContext(href, 'Reset your password')).toEqual({ url: 'https://help.example.com/reset/confirm', title: 'Reset your password' });
  });
  it('keeps everything with "full", nothing with "none"', () => {
    expect(pageContext(href, 'T', 'full')?.url).toBe(href);
    expect(pageContext(href, 'T', 'none')).toBeNull();
  });
  it('bounds the title and survives an odd location', () => {
    expect(pageContext('https://x.example/', 'x'.repeat(1000))?.title).toHaveLength(300);
    expect(pageContext('not a url', 'T')).toBeNull();
  });
});
