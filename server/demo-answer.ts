/**
 * The demo's answerer: the best passages of the help centre for the question, each under a short
 * lead sentence that links the page and section it comes from (absolute, with the section's anchor,
 * most relevant first). Those links are the answer's sources: the widget collects them as the
 * message's links and shows them as source cards under the answer (the link's title, where the
 * section sits, as the card's path), so the answer cites each source once, in its lead sentence, and
 * ends with the passage. The site is Acme Cloud's help centre: its guides come before the widget's
 * docs when both answer. When nothing on the site is about the question it says so, in words the
 * widget recognises ("I don't know"), and leaves the way to a person to the widget's Get help.
 * Deterministic on purpose, so demos and tests do not depend on a model or the network.
 */
import { MIN_COVERAGE, relevance, type Hit, type Retriever } from './retriever.ts';
import { siteRetriever } from './site-retriever.ts';

/** A second passage is shown when it ranks at least this close to the first. */
const SECOND_PASSAGE = 0.5;
/** A guide that answers comes first unless a docs page answers more than this many times better. */
const GUIDES_FIRST = 2;

const isGuide = (h: Hit) => h.passage.url.startsWith('/help/');

/**
 * A source as the lead sentence names it: the section as the link (the widget's source card shows
 * the link text, on one line: "Rotate a key" says more there than "API keys and access tokens ›
 * Rotate a key" cut short), then the page it is in; a page's introduction is linked by the page.
 * The link's title is where it sits (the page, or for an introduction the part of the site): the
 * card's second line, instead of the host.
 */
function cite(h: Hit, origin: string): string {
  const { page, section } = h.passage;
  const heading = section.at(-1);
  const where = heading ? [page, ...section.slice(0, -1)].join(' › ') : isGuide(h) ? 'Acme Cloud guides' : 'Widget docs';
  // Brackets would end the link text early, a double quote its title.
  const link = `[${(heading ?? page).replace(/[[\]]/g, '')}](${origin}${h.passage.url} "${where.replace(/"/g, '”')}")`;
  return heading ? `${link} in *${page}*` : link;
}

/** The answering passages, best first, a guide before the docs unless the docs answer far better. */
function ranked(hits: Hit[]): Hit[] {
  const answering = hits.filter((h) => h.answers);
  const guide = answering.find(isGuide);
  const best = answering[0];
  if (!guide || !best || guide === best || relevance(guide) * GUIDES_FIRST < relevance(best)) return answering;
  return [guide, ...answering.filter((h) => h !== guide)];
}

/**
 * The passage shown after the best: from the same part of the site, another section, close enough.
 * After a page's introduction, that page's first such section in page order (a guide names its most
 * common case first: "not listening on PORT" before "out of memory" for a 502).
 */
function secondOf(best: Hit, answering: Hit[]): Hit | undefined {
  const near = answering.filter((h) => h.passage.url !== best.passage.url && isGuide(h) === isGuide(best) && relevance(h) >= SECOND_PASSAGE * relevance(best));
  const samePage = best.passage.section.length ? [] : near.filter((h) => h.passage.page === best.passage.page).sort((a, b) => a.passage.order - b.passage.order);
  return samePage[0] ?? near[0];
}

export function demoAnswer(question: string, origin: string, retriever: Retriever = siteRetriever()): string {
  if (!retriever.terms(question).length) {
    return 'Ask me about Acme Cloud (deploys, custom domains, billing, API keys, backups, errors such as 502) or about the support widget on this page.';
  }
  const hits = retriever.search(question, 5);
  const answering = ranked(hits);
  const best = answering[0];
  if (!best) {
    const near = hits[0];
    const closest = near && near.coverage >= MIN_COVERAGE / 2 ? ` The closest guide I found, ${cite(near, origin)}, does not answer it.` : '';
    return `I don't know: the Acme Cloud guides and the widget docs don't cover that, and I would rather not guess. A person from our support team can help.${closest}`;
  }
  const second = secondOf(best, answering);
  const first = `From ${cite(best, origin)}:\n\n${best.passage.markdown}`;
  return second ? `${first}\n\nAlso relevant, from ${cite(second, origin)}:\n\n${second.passage.markdown}` : first;
}
