/**
 * The demo answerer's work is bounded (issue 24): whatever the question, one search does at most
 * a fixed amount of counted work (SearchWork: characters read, lookups, Levenshtein cells, trie
 * steps, statement checks), and the chat endpoint refuses a question over its limits with a 422
 * naming them. Counted, not timed: the counts are the same on a busy machine.
 */
import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS, MAX_QUESTION_WORDS, questionRefusal, type SearchWork } from './search-limits.ts';
import { siteRetriever } from './site-retriever.ts';
import { testApp } from './test-server.ts';

/** The most work any search may do on this site, whatever the site grows to within reason. */
const CEILING = 150_000;
const units = (w: SearchWork) => w.chars + w.lookups + w.cells + w.steps + w.results + w.checks;
const letters = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i + from) % 26))).join('');

const ADVERSARIAL: [string, string][] = [
  ['a 1 MB word', 'a'.repeat(1024 * 1024)],
  ['a 12,000-letter word', letters(12_000)],
  ['a 400 KB question', 'deploy custom domain backup restore invoices '.repeat(9_000)],
  ['10,000 words', Array.from({ length: 10_000 }, (_, i) => `word${i}`).join(' ')],
  ['12 words of 30 letters (the longest fuzzy-matched, at distance 6)', Array.from({ length: 12 }, (_, i) => letters(30, i)).join(' ')],
  ['12 words of alternating vowels (typos of everything)', Array.from({ length: 12 }, (_, i) => 'ea'.repeat(14) + letters(2, i)).join(' ')],
  ['40-letter words', Array.from({ length: 40 }, (_, i) => letters(40, i)).join(' ')],
  ['short prefixes of many words', 'cont conf depl inst back rest cust doma anal cook priv rota widg mess deli'],
  ['a question of the evaluation set', 'which content security policy directives does it need'],
];

describe('the retriever counts its work and stays within its budget', () => {
  const retriever = siteRetriever();

  it('has a budget under a fixed ceiling', () => {
    expect(units(retriever.budget)).toBeLessThanOrEqual(CEILING);
  });

  for (const [name, question] of ADVERSARIAL) {
    it(`for ${name}`, () => {
      retriever.search(question, 5);
      const work = retriever.lastWork();
      for (const key of Object.keys(work) as (keyof SearchWork)[]) expect(work[key], key).toBeLessThanOrEqual(retriever.budget[key]);
      expect(units(work)).toBeLessThanOrEqual(CEILING);
    });
  }

  it('reads only the first characters and terms of a long question, and spends the typo budget once', () => {
    retriever.search(letters(12_000));
    expect(retriever.lastWork()).toMatchObject({ chars: MAX_QUESTION_CHARS, terms: 0, cells: 0 });
    retriever.search(Array.from({ length: 12 }, (_, i) => 'ea'.repeat(14) + letters(2, i)).join(' '));
    const spent = retriever.lastWork();
    expect(spent.terms).toBe(12);
    expect(spent.cells).toBeGreaterThan(0);
    expect(spent.cells).toBeLessThanOrEqual(retriever.budget.cells);
  });

  it('still finds what a question asks as written once junk has spent the typo budget', () => {
    const junk = Array.from({ length: 10 }, (_, i) => 'ea'.repeat(14) + letters(2, i)).join(' ');
    const hits = retriever.search(`${junk} restore backups`);
    expect(hits.some((h) => h.passage.url.startsWith('/help/backups'))).toBe(true);
  });
});

describe('the chat endpoint refuses what it will not answer', () => {
  const { app } = testApp();
  const ask = (content: unknown) =>
    app.request('/v1/chat/completions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content }] }) });

  it('answers 422 naming the limit for a question too long in characters or words, never 5xx', async () => {
    for (const [content, limit] of [
      ['a'.repeat(1024 * 1024), `${MAX_QUESTION_CHARS} characters`],
      [letters(12_000), `${MAX_QUESTION_CHARS} characters`],
      ['deploy custom domain '.repeat(20_000), `${MAX_QUESTION_CHARS} characters`],
      ['a b '.repeat(MAX_QUESTION_WORDS), `${MAX_QUESTION_WORDS} words`],
      [[{ type: 'text', text: 'x'.repeat(MAX_QUESTION_CHARS) }, { type: 'text', text: 'y' }], `${MAX_QUESTION_CHARS} characters`],
    ] as const) {
      const res = await ask(content);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const body = (await res.json()) as { detail: string; limits: unknown };
      expect(body.detail).toContain(`at most ${limit}`);
      expect(body.limits).toEqual({ characters: MAX_QUESTION_CHARS, words: MAX_QUESTION_WORDS });
    }
  });

  it('answers a question right at the limits', async () => {
    const atLimit = `How do I restore a backup? ${'x'.repeat(MAX_QUESTION_CHARS - 27)}`;
    expect(atLimit).toHaveLength(MAX_QUESTION_CHARS);
    expect(questionRefusal(atLimit)).toBeNull();
    expect((await ask(atLimit)).status).toBe(200);
    expect(questionRefusal('a '.repeat(MAX_QUESTION_WORDS))).toBeNull();
    expect(questionRefusal('a '.repeat(MAX_QUESTION_WORDS + 1))).toMatch(/301 words/);
  });
});
