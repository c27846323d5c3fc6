import { describe, expect, it, vi } from 'vitest';
import { extractLinks, isCitation, safeUrl, titleFromUrl } from './extract-links.ts';

// Counts what extractLinks hands the Markdown parser (linear itself: src/markdown's tests).
const handed = vi.hoisted(() => ({ chars: 0 }));
vi.mock('../markdown/markdown-inline.ts', async (real) => {
  const m = await real<typeof import('../markdown/markdown-inline.ts')>();
  return { ...m, parseInline: (s: string) => ((handed.chars += s.length), m.parseInline(s)) };
});

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

  it('never takes a citation number for a title (inline citations: [1], [(2)], [^3]); a real title given later is kept', () => {
    expect(extractLinks('Install it [1](https://a.example/install) [(2)](https://b.example/x) [^3](https://c.example/) [[4]](https://d.example/) [Guide](https://b.example/x)')).toEqual([
      { url: 'https://a.example/install' },
      { url: 'https://b.example/x', title: 'Guide' },
      { url: 'https://c.example/' },
      { url: 'https://d.example/' },
    ]);
    for (const t of ['1', '(1)', '[12]', '^3', '1.', '【1】']) expect(isCitation(t), t).toBe(true);
    for (const t of ['Step 1', 'v2 docs', '1st guide', 'FAQ']) expect(isCitation(t), t).toBe(false);
  });

  it('a page without a title is named from its URL: the last path segment, else the site', () => {
    expect(titleFromUrl('https://docs.example.com/guides/getting-started.html')).toBe('Getting started');
    expect(titleFromUrl('https://docs.example.com/api/create_support_copilot/')).toBe('Create support copilot');
    expect(titleFromUrl('https://docs.example.com/r%C3%A9glages%20avanc%C3%A9s')).toBe('Réglages avancés');
    expect(titleFromUrl('https://www.example.com/')).toBe('example.com');
    expect(titleFromUrl('mailto:help@example.com')).toBe('help@example.com');
    expect(titleFromUrl('https://example.com/articles/12345')).toBe('example.com');
    expect(titleFromUrl('https://example.com/%E0%A4%A')).toBe('https://example.com/%E0%A4%A');
  });

  it('returns nothing for text without links', () => {
    expect(extractLinks('No links here, just http: and www.example.com')).toEqual([]);
  });
});

describe('extractLinks is linear: it reads the answer once with the linear Markdown parser', () => {
  const N = 60_000;
  const fit = (unit: string) => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
  // The old regular expression took 1.6 s on 60,000 characters of the worst of these.
  it.each(['[', '[a](', '[a](http://x ', '](', 'http://', 'https://a' + ' '.repeat(20), '[x](https://a.example/ "', '`a'])('%j repeated', (unit) => {
    handed.chars = 0;
    extractLinks(fit(unit));
    expect(handed.chars).toBeGreaterThan(N / 2);
    expect(handed.chars).toBeLessThanOrEqual(N);
  });
});

describe('extractLinks: a citation marker is not a title', () => {
  it('Inkeep\'s `[(1)](url)` gives no title (the old reader made cards titled "(1)")', () => {
    expect(extractLinks('Paste the tag [(1)](https://docs.example.com/a). See [2](https://docs.example.com/b), [[3]](https://docs.example.com/c) and [the guide](https://docs.example.com/a).')).toEqual([
      { url: 'https://docs.example.com/a', title: 'the guide' },
      { url: 'https://docs.example.com/b' },
      { url: 'https://docs.example.com/c' },
    ]);
  });
});
