/**
 * Full-text retrieval over the site's passages with MiniSearch (BM25), plus the one judgement the
 * answerer needs: is the best passage about the question at all? BM25 scores are not comparable
 * across questions, so relevance is measured as coverage: the share of the question's words
 * (weighted by how rare they are on the site) that the passage matches. "What is your refund
 * policy for annual plans?" matches "annual" and "plans" in the billing guide, but not "refund",
 * the word that says what the question is about.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Passage } from './passages.ts';

export interface Hit {
  passage: Passage;
  /** BM25 score from MiniSearch; only comparable within one question. */
  score: number;
  /** 0..1, the rarity-weighted share of the question's words this passage matches. */
  coverage: number;
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
 * Below this coverage the answerer says it does not know. On this site the refund question above
 * scores 0.49 and "restore my database to yesterday" 0.59 (one word of three unknown, and
 * answered); server/retriever.test.ts holds both sides of the line.
 */
export const MIN_COVERAGE = 0.55;

// Question words and glue: they say nothing about what a passage is about.
const STOP_WORDS = new Set(
  `a about after again all also am an and any are as at be been before being but by can can't could did do does doesn't doing done don't for from
  get gets getting got had has have having he her here hers him his how i i'm i've if in into is isn't it it's its just let me more most much many
  my no nor not now of off on once only or other our ours out over own same she should so some such than that the their them then there these
  they this those through to too under until up us very was we were what when where which while who whom why will with won't would you your
  yours yourself hi hello hey thanks thank ok okay please like want need tell know use using work works`.split(/\s+/),
);

/**
 * A few English endings, so "plans" finds "plan" and "deploying" finds "deploy"; applied the same
 * way to passages and questions, so it only has to be consistent, not linguistically right.
 */
export function stem(word: string): string {
  let w = word;
  // "cookies" and "cookie" both become "cooky", "policies" "policy".
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('ie')) return `${w.slice(0, -2)}y`;
  if (w.length > 6 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(ss|sh|ch|x)es$/.test(w)) return w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  else return w;
  // "logged" -> "log", "running" -> "run"; "installed" keeps its "ll".
  return /([^aeioulsz])\1$/.test(w) ? w.slice(0, -1) : w;
}

export function processTerm(term: string): string | null {
  const word = term.toLowerCase().replace(/’/g, "'").replace(/^'+|'+$/g, '').replace(/'s$/, '');
  return word && !STOP_WORDS.has(word) ? stem(word) : null;
}

/** Words, numbers and `'` inside words (`don't`); everything else separates. */
export const tokenize = (text: string): string[] => text.split(/[^\p{L}\p{N}'’]+/u).filter(Boolean);

const FIELDS = ['page', 'section', 'text'] as const;

interface Doc {
  id: number;
  page: string;
  section: string;
  text: string;
}

export function createRetriever(passages: readonly Passage[]): Retriever {
  const docs: Doc[] = passages.map((p, id) => ({ id, page: p.page, section: p.section.join(' '), text: p.markdown }));
  const index = new MiniSearch<Doc>({ fields: [...FIELDS], tokenize, processTerm });
  index.addAll(docs);

  // How many passages use each term, for the rarity weights.
  const frequency = new Map<string, number>();
  for (const doc of docs) {
    const seen = new Set(FIELDS.flatMap((f) => terms(doc[f])));
    for (const term of seen) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const n = docs.length;
  // BM25's idf. A word the site never uses weighs as much as one it uses once: it may be the
  // subject of the question ("refund") or filler ("yesterday"), and weighing it more would
  // refuse every question with one unexpected word in it.
  const weight = (term: string) => {
    const df = Math.max(1, frequency.get(term) ?? 0);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  function terms(text: string): string[] {
    return [...new Set(tokenize(text).map(processTerm).filter((t): t is string => !!t))];
  }

  function search(question: string, limit = 5): Hit[] {
    const wanted = terms(question);
    if (!wanted.length) return [];
    const total = wanted.reduce((sum, t) => sum + weight(t), 0);
    const results: SearchResult[] = index.search(wanted.join(' '), {
      boost: { section: 2, page: 1.5 },
      // Typos and longer forms of longer words only: "instal" finds "install", "deploy" "deployment".
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      tokenize: (q) => q.split(' '),
      processTerm: (t) => t,
    });
    return results
      .slice(0, 4 * limit)
      .map((r) => ({ passage: passages[r.id as number]!, score: r.score, coverage: r.queryTerms.reduce((sum, t) => sum + weight(t), 0) / total }))
      .sort((a, b) => relevance(b) - relevance(a))
      .slice(0, limit);
  }

  return { search, terms };
}
