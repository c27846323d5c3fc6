/**
 * What one question may cost the demo answerer (issue 24). The retriever's work grows with the
 * question: a lookup per term, a fuzzy match whose Levenshtein matrix grows with the square of the
 * word (MiniSearch allocates (n+1)·(n+1+d) cells: a 12,000-letter word took 4.3 s and 260 MB, a
 * 1 MB word could not be allocated at all), and a 400 KB question held the event loop for
 * seconds. So a question is refused over a size no visitor types, and within it only so many
 * terms, of a sane length, are looked up; the retriever counts what it does (SearchWork) so tests
 * can bound it without a clock.
 */
import { tokenize } from './search-terms.ts';

/** Refused above this (422): a long question, even a pasted error message, fits. */
export const MAX_QUESTION_CHARS = 2000;
/** Refused above this many words (422). */
export const MAX_QUESTION_WORDS = 300;
/** Distinct terms looked up per question: the first ones; every question of the evaluation set has far fewer. */
export const MAX_TERMS = 12;
/** A longer "word" (a hash, a base64 blob) is no word of a help page: not looked up. The site's longest is 27. */
export const MAX_TERM_CHARS = 40;
/** Fuzzy matching (typos) for words up to this long only; the site's longest is 27. */
export const MAX_FUZZY_CHARS = 30;
/**
 * Levenshtein cells the typo lookups of one question may compute (vocabulary.ts); the ranked
 * search repeats those lookups on the index, which holds the same terms, so a search computes at
 * most twice this. The evaluation set's questions need 16,000 at most.
 */
export const FUZZY_CELL_BUDGET = 40_000;
/** Vocabulary terms one question term may stand for (its longer forms and typos); the site's most is 11. */
export const MAX_FORMS = 64;
/** Passages a search may return. */
export const MAX_RESULTS = 10;

/** What one search did, counted. */
export interface SearchWork {
  /** Question characters read. */
  chars: number;
  /** Distinct terms looked up. */
  terms: number;
  /** Vocabulary lookups (each term's forms, then each term again in the ranked search). */
  lookups: number;
  /** Levenshtein cells computed by typo lookups. */
  cells: number;
  /** Trie nodes walked by exact and prefix lookups. */
  steps: number;
  /** Passages the ranked search scored. */
  results: number;
  /** Statement terms compared with the question's forms while judging relevance. */
  checks: number;
}

export const noWork = (): SearchWork => ({ chars: 0, terms: 0, lookups: 0, cells: 0, steps: 0, results: 0, checks: 0 });

/** MiniSearch's fuzzy distance for a term (0.2 of its length, at most 6), 0 for words too short or too long to be typos of a word. */
export const fuzzyDistance = (term: string): number => (term.length >= 5 && term.length <= MAX_FUZZY_CHARS ? Math.min(6, Math.round(term.length * 0.2)) : 0);

/** Why the demo answerer refuses this question, naming the limit; null when it takes it. */
export function questionRefusal(question: string): string | null {
  if (question.length > MAX_QUESTION_CHARS) {
    return `Question of ${question.length} characters: the demo answerer takes at most ${MAX_QUESTION_CHARS} characters and ${MAX_QUESTION_WORDS} words`;
  }
  const words = tokenize(question).length;
  if (words > MAX_QUESTION_WORDS) return `Question of ${words} words: the demo answerer takes at most ${MAX_QUESTION_WORDS} words and ${MAX_QUESTION_CHARS} characters`;
  return null;
}
