import { describe, expect, it } from 'vitest';
import { extractLinks, safeUrl } from './extract-links.ts';

describe('safeUrl', () => {
  it('allows http, https and mailto only', () => {
    expect(safeUrl('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1#c');
    expect(safeUrl('http://example.com')).toBe('http://example.com/');
    expect(safeUrl('mailto:help@example.com')).toBe('mailto:help@example.com');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<b>', 'vbscript:x', '/relative', 'example.com', 'ftp://x.org/'])
      expect(safeUrl(bad), bad).toBeNull();
  });
});

describe('extractLinks', () => {
  it('finds markdown links and bare URLs, with link text as title; an email address is not a source', () => {
    expect(
      extractLinks('See [the **docs**](https://docs.example.com/start) or https://example.com/faq. Mail [us](mailto:help@example.com)!'),
    ).toEqual([
      { url: 'https://docs.example.com/start', title: 'the docs' },
      { url: 'https://example.com/faq' },
    ]);
  });

  it("takes a link's own title as where the page sits (its card's path)", () => {
    expect(extractLinks('From [Rotate a key](https://help.example/api-keys#rotate-a-key "API keys and access tokens") in *API keys*:')).toEqual([
      { url: 'https://help.example/api-keys#rotate-a-key', title: 'Rotate a key', breadcrumbs: ['API keys and access tokens'] },
    ]);
  });

  it('de-duplicates by URL and keeps the first title (or the first title given later)', () => {
    expect(
      extractLinks('https://a.example/x then [A](https://a.example/x) and [B](https://a.example/x) and [C](https://b.example/)'),
    ).toEqual([
      { url: 'https://a.example/x', title: 'A' },
      { url: 'https://b.example/', title: 'C' },
    ]);
  });

  it('ignores unsafe schemes, relative links and links inside code', () => {
    expect(
      extractLinks(
        '[x](javascript:alert%281%29) [y](data:text/html,hi) [z](/docs) `https://code.example/` \n```\nhttps://fenced.example/\n```\n[ok](https://ok.example/ "Title")',
      ),
    ).toEqual([{ url: 'https://ok.example/', title: 'ok', breadcrumbs: ['Title'] }]);
  });

  it('trims trailing punctuation from bare URLs and handles angle brackets', () => {
    expect(extractLinks('(see https://example.com/a_b), <https://example.com/c>; "https://example.com/d"').map((l) => l.url)).toEqual([
      'https://example.com/a_b',
      'https://example.com/c',
      'https://example.com/d',
    ]);
  });

  it('returns nothing for text without links', () => {
    expect(extractLinks('No links here, just http: and www.example.com')).toEqual([]);
  });
});
