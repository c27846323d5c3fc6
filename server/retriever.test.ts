/**
 * The answerer's retrieval: ranking, the relevance rules (coverage, words said together), terms
 * and section anchors, first on small made-up pages (so the rules are pinned down whatever the
 * site says), then on the site itself (server/retriever-eval.test.ts measures it on many more).
 */
import { describe, expect, it } from 'vitest';
import { splitPassages } from './passages.ts';
import { createRetriever, MIN_COVERAGE } from './retriever.ts';
import { processTerm, stem, termsOf } from './search-terms.ts';
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
    const [best] = retriever.search('How do I verify my custom domain?');
    expect(best!.coverage).toBeGreaterThanOrEqual(MIN_COVERAGE);
    expect(best!.answers).toBe(true);
  });

  it('is not met when the subject of the question appears nowhere, even if other words match', () => {
    const [best] = retriever.search('What is your refund policy for annual plans?');
    expect(best?.passage.url).toBe('/help/billing#annual-plans');
    expect(best!.matched).toEqual(['annual', 'plan']);
    expect(best!.coverage).toBeLessThan(MIN_COVERAGE);
    expect(best!.answers).toBe(false);
    expect(retriever.search('kubernetes')).toEqual([]);
  });

  it('finds nothing in a question made only of question words and greetings', () => {
    expect(retriever.terms('Hi! How do I do it?')).toEqual([]);
    expect(retriever.search('Hi! How do I do it?')).toEqual([]);
  });
});

describe('statements', () => {
  const pages = createRetriever(
    splitPassages(
      `# Layout

## Placement

On a phone the panel is full screen. Numbers must be finite.

## Sign-up

You need an Acme account. Pick a region.

## Builds

Delete old builds to save space.

## Logs

Logs are deleted after a week.
`,
      '/help/layout',
    ),
  );

  it('count the words of the question said together, not scattered over a passage', () => {
    const [best] = pages.search('phone number');
    expect(best!.matched).toEqual(['phon']);
    expect(best!.answers).toBe(false);
    // The same words in one sentence.
    const together = createRetriever(splitPassages('# Contact\n\nOur phone number is on the invoice.\n', '/help/contact'));
    expect(together.search('phone number')[0]!.answers).toBe(true);
  });

  it('read each sentence under its headings', () => {
    const [best] = pages.search('panel placement');
    expect(best!.passage.url).toBe('/help/layout#placement');
    expect(best!.matched).toEqual(['panel', 'placement']);
    expect(best!.answers).toBe(true);
  });

  it('need two words of a longer question as written: one rare word, or a look-alike, is a coincidence', () => {
    // "account" is rarer than "delete" on these pages, so it alone covers more than MIN_COVERAGE.
    const [account] = pages.search('How do I delete my account?');
    expect(account!.coverage).toBeGreaterThanOrEqual(MIN_COVERAGE);
    expect(account!.answers).toBe(false);
    // "forgot" is one letter from "forget": found, but it does not count as said.
    const reset = createRetriever(splitPassages('# Reset\n\n`reset()` forgets the user.\n', '/docs/reset'));
    expect(reset.search('forgot reset')[0]!.matched).toEqual(['forgot', 'reset']);
    expect(reset.search('forgot reset')[0]!.answers).toBe(false);
    expect(reset.search('forget reset')[0]!.answers).toBe(true);
  });

  it('answer a one-word question with a small typo in it', () => {
    expect(retriever.search('invoces')[0]).toMatchObject({ answers: true, passage: { url: '/help/billing#invoices' } });
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
    expect(['plans', 'cookies', 'cookie', 'policies', 'logged', 'installed', 'deploying', 'access', 'status', 'delete', 'deleted', 'deleting'].map(stem)).toEqual([
      'plan', 'cooky', 'cooky', 'policy', 'log', 'install', 'deploy', 'access', 'status', 'delet', 'delet', 'delet',
    ]);
    expect(processTerm('What’s')).toBeNull();
    expect(processTerm('Gateway')).toBe('gateway');
  });

  it('drop the verbs and fillers of a request and the visitor’s own day, which say nothing about the topic', () => {
    expect(termsOf('Where do I find my API key?')).toEqual(['api', 'key']);
    expect(termsOf('I need to put it right back to yesterday')).toEqual(['back']);
  });

  it('are one for the words the site uses for one thing', () => {
    expect(termsOf('remove a token')).toEqual(termsOf('delete a key'));
    expect(termsOf('yearly')).toEqual(termsOf('annual'));
    for (const phrase of ['sign in', 'Sign-in', 'log in', 'logged in', 'login']) expect(termsOf(phrase), phrase).toEqual(['signin']);
    for (const phrase of ['sign out', 'log-out', 'logout']) expect(termsOf(phrase), phrase).toEqual(['signout']);
    expect(termsOf('the chat button')).toEqual(termsOf('the launcher'));
  });

  it('read a camelCase name as its words too', () => {
    expect(termsOf('optOutAnalyticalCookies')).toEqual(['optoutanalyticalcooky', 'opt', 'analytical', 'cooky']);
  });
});

describe('the site', () => {
  const site = buildSiteRetriever();
  it.each([
    ['How do I install it?', '/docs/install#'],
    ['I get 502 Bad Gateway', '/help/502-bad-gateway'],
    ['How do I add a custom domain?', '/help/custom-domains#'],
    ['How do I rotate an API key?', '/help/api-keys#rotate-a-key'],
    ['Where do I find my API key?', '/help/api-keys#create-an-api-key'],
    ['restore my database to yesterday', '/help/backups#restore-to-a-point-in-time'],
    ['Does the widget set cookies?', '/docs/privacy#'],
    ['Can I use it with React?', '/docs/frameworks#react'],
    ['What does a 422 do to delivery?', '/docs/'],
    ['How long are backups kept?', '/help/backups#what-is-backed-up'],
    ['put the chat button on the left', '/docs/configuration#'],
  ])('%s -> %s', (question, url) => {
    const [best] = site.search(question);
    expect(best?.passage.url.startsWith(url), best?.passage.url).toBe(true);
    expect(best!.answers).toBe(true);
  });

  it.each([
    // Half of it is about annual plans; "refund" appears nowhere.
    ['What is your refund policy for annual plans?', 'coverage'],
    ['Do you support Kubernetes?', 'coverage'],
    // One rare word each, said alone: the phone layout, "you need an Acme Cloud account".
    ['What is your phone number?', 'one word'],
    ['How do I delete my account?', 'one word'],
  ])('%s -> not answered (%s)', (question, why) => {
    const hits = site.search(question);
    expect(hits.filter((h) => h.answers)).toEqual([]);
    const best = hits[0];
    if (why === 'coverage') expect(best?.coverage ?? 0).toBeLessThan(MIN_COVERAGE);
    else expect(best!.matched).toHaveLength(1);
  });
});
