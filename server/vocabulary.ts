/**
 * The site's terms as a trie, for finding what a question term may stand for on the site: itself,
 * its longer forms (prefix) and small typos of it (fuzzy), the way MiniSearch matches them, but
 * with every step counted and the fuzzy matching within a budget of Levenshtein cells.
 *
 * Fuzzy matching walks the trie with one row of the Levenshtein matrix per character, computing
 * only the band of 2d + 1 cells that can stay within distance d (MiniSearch's algorithm, after
 * Steve Hanov), and abandons a branch once the whole band exceeds d. Its cost still grows with the
 * distance and the size of the vocabulary, not only with the word: hence the budget. A lookup that
 * would overspend it is abandoned and reports no typos, so the ranked search must not fuzzy-match
 * that term either (the retriever follows `fuzzy`).
 */
import type { SearchWork } from './search-limits.ts';

interface Node {
  kids: Map<string, Node>;
  /** The term ending here. */
  term?: string;
}

export interface Forms {
  /** The term first, then its longer forms and typos on the site (at most `maxForms`). */
  forms: string[];
  /** Whether the typo lookup ran to the end (false when the term gets none or the budget ran out). */
  fuzzy: boolean;
}

export interface Vocabulary {
  /**
   * The forms of `term`: prefix matches when `prefix`, typos within `distance` edits when it is
   * above 0 and the lookup fits in `budget` cells (spent from `work.cells`).
   */
  forms(term: string, o: { prefix: boolean; distance: number; budget: number; maxForms: number }, work: SearchWork): Forms;
  /** The most trie nodes a prefix lookup can walk below its prefix (for the retriever's budget). */
  readonly widestPrefix: number;
}

export function createVocabulary(terms: Iterable<string>, minPrefix: number): Vocabulary {
  const root: Node = { kids: new Map() };
  for (const term of terms) {
    let node = root;
    for (const ch of term) {
      let kid = node.kids.get(ch);
      if (!kid) node.kids.set(ch, (kid = { kids: new Map() }));
      node = kid;
    }
    node.term = term;
  }

  const size = (node: Node): number => [...node.kids.values()].reduce((sum, kid) => sum + 1 + size(kid), 0);
  let widestPrefix = 0;
  const measure = (node: Node, depth: number): void => {
    if (depth === minPrefix) widestPrefix = Math.max(widestPrefix, size(node));
    else for (const kid of node.kids.values()) measure(kid, depth + 1);
  };
  measure(root, 0);

  /** Terms below `node` (at most `max` kept), counting every node walked, as MiniSearch walks them all. */
  function below(node: Node, found: Set<string>, max: number, work: SearchWork): void {
    for (const kid of node.kids.values()) {
      work.steps++;
      if (kid.term !== undefined && found.size < max) found.add(kid.term);
      below(kid, found, max, work);
    }
  }

  /** Terms within `d` edits of `term`, or null when that would take more than `budget` cells. */
  function typos(term: string, d: number, budget: number, work: SearchWork): string[] | null {
    const n = term.length;
    const width = n + 1;
    const far = d + 1;
    // Row i (the i-th character down the trie) at i * width; a term longer than n + d is too far.
    const matrix = new Uint8Array((n + d + 1) * width).fill(far);
    for (let j = 0; j <= Math.min(n, d); j++) matrix[j] = j;
    const found: string[] = [];
    let spent = 0;
    const walk = (node: Node, i: number): boolean => {
      const lo = Math.max(0, i - d);
      const hi = Math.min(n, i + d);
      if (lo > hi) return true;
      const row = i * width;
      const prev = row - width;
      for (const [ch, kid] of node.kids) {
        spent += hi - lo + 1;
        if (spent > budget) return false;
        let best = far;
        for (let j = lo; j <= hi; j++) {
          const value =
            j === 0 ? i : Math.min(matrix[prev + j]! + 1, (j > lo ? matrix[row + j - 1]! : far) + 1, matrix[prev + j - 1]! + (term.charCodeAt(j - 1) === ch.charCodeAt(0) ? 0 : 1));
          const capped = value < far ? value : far;
          matrix[row + j] = capped;
          if (capped < best) best = capped;
        }
        if (kid.term !== undefined && hi === n && matrix[row + n]! <= d) found.push(kid.term);
        if (best <= d && !walk(kid, i + 1)) return false;
      }
      return true;
    };
    const complete = walk(root, 1);
    work.cells += spent;
    return complete ? found : null;
  }

  return {
    widestPrefix,
    forms(term, o, work) {
      work.lookups++;
      const found = new Set([term]);
      if (o.prefix) {
        let node: Node | undefined = root;
        for (const ch of term) {
          work.steps++;
          node = node.kids.get(ch);
          if (!node) break;
        }
        if (node) below(node, found, o.maxForms, work);
      }
      const near = o.distance > 0 ? typos(term, o.distance, o.budget, work) : null;
      for (const t of near ?? []) if (found.size < o.maxForms) found.add(t);
      return { forms: [...found], fuzzy: near !== null };
    },
  };
}
