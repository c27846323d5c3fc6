/**
 * The answerer's retrieval: ranking, the relevance threshold and section anchors, first on small
 * made-up pages (so the rules are pinned down whatever the site says), then on the site itself.
 */
import { describe, expect, it } from 'vitest';
import { splitPassages } from './passages.ts';
import { createRetriever, MIN_COVERAGE, processTerm, stem } from './retriever.ts';
import { buildSiteRetriever } from './site-retriever.ts';

const PAGES = {
  '/help/billing': `# Billing

Acme bills once a month.

## Annual plans

Annual plans are paid yearly, at two months free.

## Invoices

Invoices are emailed on the first day of the month. Invoices, invoices, invoices.
`,
  '/help/domains': `# Domains

## Add a custom domain

Add a CNAME record and verify the custom domain in the dashboard.

## Domain stuck

A domain stays pending until the record is visible.
`,
};

const retriever = createRetriever(Object.entries(PAGES).flatMap(([url, md]) => splitPassages(md, url)));

describe('ranking', () => {
  it('puts the section that has all the words of the question first', () => {
    const hits = retriever.search('add custom domain');
    expect(hits[0]?.passage.url).toBe('/help/domains#add-a-custom-domain');
    expect(hits[0]?.coverage).toBe(1);
    // Scores and coverage come with every hit, best first.
    expect(hits.map((h) => h.score * h.coverage ** 2)).toEqual([...hits.map((h) => h.score * h.coverage ** 2)].sort((a, b) => b - a));
  });

  it('prefers the passage with more of the question over one that repeats a word of it', () => {
    const backups = `# Backups

Databases are backed up automatically.

## What is backed up

A snapshot of each database is taken every day and kept for 14 days. Between snapshots, the log is archived continuously.

## Download a backup

Download a backup file of any snapshot. Backup links expire after one hour.
`;
    const hits = createRetriever(splitPassages(backups, '/help/backups')).search('How long are backups kept?');
    // BM25 alone puts "Download a backup" (backup, backup, backup) first.
    expect(hits.map((h) => h.passage.url).slice(0, 2)).toEqual(['/help/backups#what-is-backed-up', '/help/backups#download-a-backup']);
    expect(hits[0]!.score).toBeLessThan(hits[1]!.score);
  });

  it('finds word forms and small typos: plural, -ed, one letter off', () => {
    expect(retriever.search('invoice')[0]?.passage.url).toBe('/help/billing#invoices');
    expect(retriever.search('verified domains')[0]?.passage.url).toBe('/help/domains#add-a-custom-domain');
    expect(retriever.search('custon domain')[0]?.passage.url).toBe('/help/domains#add-a-custom-domain');
  });
});

describe('relevance threshold', () => {
  it('is met when the passage has the words that matter', () => {
    expect(retriever.search('How do I verify my custom domain?')[0]!.coverage).toBeGreaterThanOrEqual(MIN_COVERAGE);
  });

  it('is not met when the subject of the question appears nowhere, even if other words match', () => {
    const [best] = retriever.search('What is your refund policy for annual plans?');
    expect(best?.passage.url).toBe('/help/billing#annual-plans');
    expect(best!.coverage).toBeLessThan(MIN_COVERAGE);
    expect(retriever.search('kubernetes')).toEqual([]);
  });

  it('finds nothing in a question made only of question words and greetings', () => {
    expect(retriever.terms('Hi! How do I do it?')).toEqual([]);
    expect(retriever.search('Hi! How do I do it?')).toEqual([]);
  });
});

describe('anchors', () => {
  it('link each passage to its section heading, and the introduction to the page itself', () => {
    const urls = splitPassages(PAGES['/help/billing'], '/help/billing').map((p) => p.url);
    expect(urls).toEqual(['/help/billing', '/help/billing#annual-plans', '/help/billing#invoices']);
  });

  it('number repeated headings like GitHub, and keep the outer heading in the section path', () => {
    const passages = splitPassages('# T\n\n## Setup\n\n### Linux\n\na\n\n## Setup\n\nb\n', '/p');
    expect(passages.map((p) => [p.url, p.section])).toEqual([
      ['/p#linux', ['Setup', 'Linux']],
      ['/p#setup-1', ['Setup']],
    ]);
  });
});

describe('terms', () => {
  it('lower-cases, drops question words and strips common endings the same way on both sides', () => {
    expect(['plans', 'cookies', 'cookie', 'policies', 'logged', 'installed', 'deploying', 'access', 'status'].map(stem)).toEqual([
      'plan', 'cooky', 'cooky', 'policy', 'log', 'install', 'deploy', 'access', 'status',
    ]);
    expect(processTerm('What’s')).toBeNull();
    expect(processTerm('Gateway')).toBe('gateway');
  });
});

describe('the site', () => {
  const site = buildSiteRetriever();
  it.each([
    ['How do I install it?', '/docs/install#'],
    ['I get 502 Bad Gateway', '/help/502-bad-gateway'],
    ['How do I add a custom domain?', '/help/custom-domains#'],
    ['How do I rotate an API key?', '/help/api-keys#rotate-a-key'],
    ['restore my database to yesterday', '/help/backups#restore-to-a-point-in-time'],
    ['Does the widget set cookies?', '/docs/privacy#'],
    ['Can I use it with React?', '/docs/frameworks#react'],
    ['What does a 422 do to delivery?', '/docs/'],
    ['How long are backups kept?', '/help/backups#what-is-backed-up'],
  ])('%s -> %s', (question, url) => {
    const [best] = site.search(question);
    expect(best?.passage.url.startsWith(url), best?.passage.url).toBe(true);
    expect(best!.coverage).toBeGreaterThanOrEqual(MIN_COVERAGE);
  });

  it.each(['What is your refund policy for annual plans?', 'Do you support Kubernetes?', 'What is your phone number?', 'How do I delete my account?'])(
    '%s -> below the threshold',
    (question) => {
      expect(site.search(question)[0]?.coverage ?? 0).toBeLessThan(MIN_COVERAGE);
    },
  );
});
