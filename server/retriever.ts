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
 */
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Passage } from './passages.ts';
import { processTerm, termsOf, tokenize } from './search-terms.ts';

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
  /** Passages for `question`, best first (at most `limit`). */
  search(question: string, limit?: number): Hit[];
  /** The question's words as the index sees them (stop words removed, stemmed). */
  terms(question: string): string[];
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

const SEARCH: SearchOptions = {
  boost: { section: 2, page: 1.5 },
  // Typos and longer forms of longer words only: "instal" finds "install", "deploy" "deployment".
  prefix: (term) => term.length >= 4,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  // Questions are turned into terms before they are searched.
  tokenize: (q) => q.split(' '),
  processTerm: (t) => t,
};

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

  /** The site's terms a question term matches: itself, its longer forms, small typos of it. */
  function forms(term: string): string[] {
    return [...new Set([term, ...index.search(term, SEARCH).flatMap((r) => Object.keys(r.match))])];
  }

  function search(question: string, limit = 5): Hit[] {
    const wanted = termsOf(question).map((term) => ({ term, weight: weight(term), forms: forms(term) }));
    if (!wanted.length) return [];
    const total = wanted.reduce((sum, t) => sum + t.weight, 0);
    const together = Math.min(MIN_SAID_TOGETHER, wanted.length);
    /** The passage's statement that matches the most of the question. */
    const best = (id: number) => {
      let top = { coverage: 0, matched: [] as string[], answers: false };
      for (const said of statements[id]!) {
        const found = wanted.filter((t) => t.forms.some((f) => said.has(f)));
        const coverage = found.reduce((sum, t) => sum + t.weight, 0) / total;
        // A one-word question may be a typo ("invoces"); in longer ones, typos do not corroborate.
        const asWritten = wanted.length === 1 ? found : found.filter((t) => t.forms.some((f) => f.startsWith(t.term) && said.has(f)));
        const answers = coverage >= MIN_COVERAGE && asWritten.length >= together;
        if (answers > top.answers || (answers === top.answers && coverage > top.coverage)) top = { coverage, matched: found.map((t) => t.term), answers };
      }
      return top;
    };
    const results: SearchResult[] = index.search(wanted.map((t) => t.term).join(' '), SEARCH);
    return results
      .slice(0, 4 * limit)
      .map((r) => ({ passage: passages[r.id as number]!, score: r.score, ...best(r.id as number) }))
      .sort((a, b) => relevance(b) - relevance(a))
      .slice(0, limit);
  }

  return { search, terms: termsOf };
}
