/**
 * The demo's answerer: the best passages of the help centre for the question, each under a short
 * lead sentence that links the page and section it comes from (absolute, with the section's anchor,
 * most relevant first). Those links are the answer's sources: the widget collects them as the
 * message's links and shows them as source cards under the answer, so the answer cites each source
 * once, in its lead sentence, and ends with the passage. When nothing on the site is about the
 * question it says so and points to a person instead of guessing.
 * Deterministic on purpose, so demos and tests do not depend on a model or the network.
 */
import { MIN_COVERAGE, relevance, type Hit, type Retriever } from './retriever.ts';
import { siteRetriever } from './site-retriever.ts';

export const SUPPORT_EMAIL = 'support@acme.example';
const CONTACT = `To ask a person, contact support: [${SUPPORT_EMAIL}](mailto:${SUPPORT_EMAIL}).`;

/** A second passage is shown when it ranks at least this close to the first. */
const SECOND_PASSAGE = 0.5;

/**
 * A source as the lead sentence names it: the section as the link (the widget's source card shows
 * the link text, on one line: "Rotate a key" says more there than "API keys and access tokens ›
 * Rotate a key" cut short), then the page it is in; a page's introduction is linked by the page.
 */
function cite(h: Hit, origin: string): string {
  const section = h.passage.section.at(-1);
  // Brackets would end the link text early.
  const link = `[${(section ?? h.passage.page).replace(/[[\]]/g, '')}](${origin}${h.passage.url})`;
  return section ? `${link} in *${h.passage.page}*` : link;
}

export function demoAnswer(question: string, origin: string, retriever: Retriever = siteRetriever()): string {
  if (!retriever.terms(question).length) {
    return `Ask me about Acme Cloud (deploys, custom domains, billing, API keys, backups, errors such as 502) or about the support widget on this page. ${CONTACT}`;
  }
  const hits = retriever.search(question, 5);
  const answering = hits.filter((h) => h.answers);
  const best = answering[0];
  if (!best) {
    const near = hits[0];
    const closest = near && near.coverage >= MIN_COVERAGE / 2 ? ` The closest guide I found, ${cite(near, origin)}, does not answer it.` : '';
    return `I don't know: the Acme Cloud guides and the widget docs don't cover that, and I would rather not guess. ${CONTACT}${closest}`;
  }
  const second = answering.find((h) => h.passage.url !== best.passage.url && relevance(h) >= SECOND_PASSAGE * relevance(best));
  const first = `From ${cite(best, origin)}:\n\n${best.passage.markdown}`;
  return second ? `${first}\n\nAlso relevant, from ${cite(second, origin)}:\n\n${second.passage.markdown}` : first;
}
