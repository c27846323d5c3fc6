/**
 * Full-text retrieval over the site's passages with MiniSearch (BM25), plus the one judgement the
 * answerer needs: is the best passage about the question at all? BM25 scores are not comparable
 * across questions, so relevance is measured as coverage: the share of the question's words
 * (weighted by how rare they are on the site) that one statement of the passage says, a statement
 * being one of its sentences (or list items) read under its page title and section headings.
 *
 * One statement, not the whole passage: a long passage says many words somewhere. "Do you offer
 * phone support?" finds "on a phone the panel is full screen" and, lines later, "Chat with
 * support" in one passage of the configuration page; no sentence there is about phone support.
 * "Where do I find my API key?" finds "API keys" in the title and "key" in the sentences of
 * "Create an API key": each of them is about the question.
 *
 * Bounded (issue 24): only the first terms of a question, of sane length, are looked up, typos
 * within a budget of Levenshtein cells (vocabulary.ts), and every step is counted (`lastWork`), so
 * no question costs more than `budget` (search-limits.ts).
 */
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Passage } from './passages.ts';
import { FUZZY_CELL_BUDGET, fuzzyDistance, MAX_FORMS, MAX_FUZZY_CHARS, MAX_QUESTION_CHARS, MAX_RESULTS, MAX_TERM_CHARS, MAX_TERMS, noWork, type SearchWork } from './search-limits.ts';
import { processTerm, termsOf, tokenize } from './search-terms.ts';
import { createVocabulary } from './vocabulary.ts';

export interface Hit {
  passage: Passage;
  /** BM25 score from MiniSearch; only comparable within one question. */
  score: number;
  /** 0..1, the rarity-weighted share of the question's words that one statement of this passage matches. */
  coverage: number;
  /** The question's terms that statement says (typos of them included). */
  matched: string[];
  /** Whether this passage answers the question: see MIN_COVERAGE and MIN_SAID_TOGETHER. */
  answers: boolean;
}

/** How hits are ordered: BM25 alone can rank a passage that repeats one word of the question above one that has all of them. */
export const relevance = (h: Hit) => h.score * h.coverage ** 2;

export interface Retriever {
  /** Passages for `question`, best first (at most `limit`, itself at most MAX_RESULTS). */
  search(question: string, limit?: number): Hit[];
  /** The question's words as the index sees them (stop words removed, stemmed), as many as a search looks up. */
  terms(question: string): string[];
  /** What the last search did, counted (search-limits.ts). */
  lastWork(): SearchWork;
  /** The most any search can do on this site: see search-limits.ts for the caps it follows from. */
  readonly budget: SearchWork;
}

/**
 * Below this coverage the answerer says it does not know. On the site, with the evaluation set of
 * server/retriever-eval.test.ts, the questions refused for their coverage score 0.50 at most
 * ("What is your refund policy for annual plans?": "annual plans" is half of it, "refund" appears
 * nowhere) and the ones answered 0.62 at least; the line sits in that gap, nearer the refusals,
 * since a question that is half about something the site never mentions is not answered by it.
 */
export const MIN_COVERAGE = 0.55;

/**
 * And a question of several words is answered only by a statement that says at least two of them
 * as written (or longer forms of them, not look-alikes): one shared word is a coincidence. The
 * coverage alone cannot see it when that word is rare: "What is your phone number?" covers 0.65
 * with the phone of the phone layout, "How do I delete my account?" 0.63 with "you need an Acme
 * Cloud account", "I forgot my password, how do I reset it" 0.62 with "`reset()` forgets the user";
 * questions answered rightly score as little (0.63, 0.65), with two words or more said together.
 */
export const MIN_SAID_TOGETHER = 2;

const FIELDS = ['page', 'section', 'text'] as const;

interface Doc {
  id: number;
  page: string;
  section: string;
  text: string;
}

const MIN_PREFIX = 4;

/** The ranked search: typos only of the terms whose typo lookup fitted in the budget (the distances are MiniSearch's own). */
const searchOptions = (typos: ReadonlySet<string>): SearchOptions => ({
  boost: { section: 2, page: 1.5 },
  // Typos and longer forms of longer words only: "instal" finds "install", "deploy" "deployment".
  prefix: (term) => term.length >= MIN_PREFIX,
  fuzzy: (term) => (typos.has(term) ? fuzzyDistance(term) : false),
  // Questions are turned into terms before they are searched.
  tokenize: (q) => q.split(' '),
  processTerm: (t) => t,
});

/** Sentences, list items and code lines: the pieces a statement is made of. */
const sentences = (markdown: string) => markdown.split(/\n+|(?<=[.!?])\s+/).filter((s) => s.trim());

export function createRetriever(passages: readonly Passage[]): Retriever {
  const docs: Doc[] = passages.map((p, id) => ({ id, page: p.page, section: p.section.join(' '), text: p.markdown }));
  const index = new MiniSearch<Doc>({ fields: [...FIELDS], tokenize, processTerm });
  index.addAll(docs);

  // How many passages use each term, for the rarity weights.
  const frequency = new Map<string, number>();
  for (const doc of docs) {
    const seen = new Set(FIELDS.flatMap((f) => termsOf(doc[f])));
    for (const term of seen) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const n = docs.length;
  // BM25's idf. A word the site never uses weighs as much as one it uses once: it may be the
  // subject of the question ("refund") or another name for something the site covers ("SSL" for
  // its TLS certificates), and weighing it more would refuse every question with one unexpected
  // word in it.
  const weight = (term: string) => {
    const df = Math.max(1, frequency.get(term) ?? 0);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  // Each passage's statements as term sets: each sentence with the page title and section headings.
  const statements = passages.map((p) => {
    const headings = termsOf([p.page, ...p.section].join(' '));
    return sentences(p.markdown).map((s) => new Set([...headings, ...termsOf(s)]));
  });

  const vocabulary = createVocabulary(frequency.keys(), MIN_PREFIX);
  // The most statement terms one passage can make `best` compare.
  const passageWork = statements.map((said) => said.reduce((sum, terms) => sum + terms.size, 0));

  /** The question's terms a search looks up: within MAX_QUESTION_CHARS, of sane length, at most MAX_TERMS. */
  const terms = (question: string) => termsOf(question.slice(0, MAX_QUESTION_CHARS)).filter((t) => t.length <= MAX_TERM_CHARS).slice(0, MAX_TERMS);

  let last = noWork();
  function search(question: string, limit = 5): Hit[] {
    const work = (last = noWork());
    work.chars = Math.min(question.length, MAX_QUESTION_CHARS);
    const typos = new Set<string>();
    const wanted = terms(question).map((term) => {
      // Once the budget is spent, the remaining terms are matched as written and by prefix only.
      const left = FUZZY_CELL_BUDGET - work.cells;
      const found = vocabulary.forms(term, { prefix: term.length >= MIN_PREFIX, distance: left > 0 ? fuzzyDistance(term) : 0, budget: left, maxForms: MAX_FORMS }, work);
      if (found.fuzzy) typos.add(term);
      return { term, weight: weight(term), forms: found.forms };
    });
    work.terms = wanted.length;
    if (!wanted.length) return [];
    const total = wanted.reduce((sum, t) => sum + t.weight, 0);
    const together = Math.min(MIN_SAID_TOGETHER, wanted.length);
    // Each form to the question terms it stands for, and whether it says that term as written (or a longer form of it).
    const byForm = new Map<string, { term: number; written: boolean }[]>();
    wanted.forEach((t, i) => t.forms.forEach((f) => byForm.set(f, [...(byForm.get(f) ?? []), { term: i, written: f.startsWith(t.term) }])));
    /** The passage's statement that matches the most of the question. */
    const best = (id: number) => {
      let top = { coverage: 0, matched: [] as string[], answers: false };
      for (const said of statements[id]!) {
        const found = new Set<number>();
        const written = new Set<number>();
        for (const term of said) {
          work.checks++;
          for (const hit of byForm.get(term) ?? []) {
            found.add(hit.term);
            if (hit.written) written.add(hit.term);
          }
        }
        const matched = wanted.filter((_, i) => found.has(i));
        const coverage = matched.reduce((sum, t) => sum + t.weight, 0) / total;
        // A one-word question may be a typo ("invoces"); in longer ones, typos do not corroborate.
        const asWritten = wanted.length === 1 ? found.size : written.size;
        const answers = coverage >= MIN_COVERAGE && asWritten >= together;
        if (answers > top.answers || (answers === top.answers && coverage > top.coverage)) top = { coverage, matched: matched.map((t) => t.term), answers };
      }
      return top;
    };
    // MiniSearch repeats each lookup on its index, a trie of the same terms: the same work again.
    work.lookups += wanted.length;
    work.cells *= 2;
    work.steps *= 2;
    const results: SearchResult[] = index.search(wanted.map((t) => t.term).join(' '), searchOptions(typos));
    work.results = results.length;
    const n = Math.min(limit, MAX_RESULTS);
    return results
      .slice(0, 4 * n)
      .map((r) => ({ passage: passages[r.id as number]!, score: r.score, ...best(r.id as number) }))
      .sort((a, b) => relevance(b) - relevance(a))
      .slice(0, n);
  }

  const budget: SearchWork = {
    chars: MAX_QUESTION_CHARS,
    terms: MAX_TERMS,
    lookups: 2 * MAX_TERMS,
    // Plus the one row that finds the budget spent.
    cells: 2 * (FUZZY_CELL_BUDGET + MAX_FUZZY_CHARS + 1),
    steps: 2 * MAX_TERMS * (MAX_TERM_CHARS + vocabulary.widestPrefix),
    results: docs.length,
    checks: [...passageWork].sort((a, b) => b - a).slice(0, 4 * MAX_RESULTS).reduce((sum, w) => sum + w, 0),
  };
  return { search, terms, lastWork: () => ({ ...last }), budget };
}
