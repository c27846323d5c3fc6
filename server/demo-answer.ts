/**
 * The demo's answerer: the best passages of the help centre for the question, each under a short
 * lead sentence, then the pages they came from as markdown links (absolute, with the section's
 * anchor, most relevant first), which the widget turns into the message's sources. When nothing
 * on the site is about the question it says so and points to a person instead of guessing.
 * Deterministic on purpose, so demos and tests do not depend on a model or the network.
 */
import { MIN_COVERAGE, relevance, type Hit, type Retriever } from './retriever.ts';
import { siteRetriever } from './site-retriever.ts';

export const SUPPORT_EMAIL = 'support@acme.example';
const CONTACT = `To ask a person, contact support: [${SUPPORT_EMAIL}](mailto:${SUPPORT_EMAIL}).`;

/** A second passage is shown when it ranks at least this close to the first. */
const SECOND_PASSAGE = 0.5;

const sectionName = (h: Hit) => h.passage.section.at(-1);
/** Link text: page and section; brackets would end the markdown link early. */
const label = (h: Hit) => [h.passage.page, ...h.passage.section].join(' › ').replace(/[[\]]/g, '');

function lead(hit: Hit, first: boolean): string {
  const section = sectionName(hit);
  const where = `**${hit.passage.page}**${section ? `, section *${section}*` : ''}`;
  return first ? `Here is what ${where} says:` : `Also relevant, from ${where}:`;
}

export function demoAnswer(question: string, origin: string, retriever: Retriever = siteRetriever()): string {
  const hits = retriever.search(question, 5);
  if (!retriever.terms(question).length) {
    return `Ask me about Acme Cloud (deploys, custom domains, billing, API keys, backups, errors such as 502) or about the support widget on this page. ${CONTACT}`;
  }
  const answering = hits.filter((h) => h.answers);
  const best = answering[0];
  if (!best) {
    const near = hits[0];
    const closest = near && near.coverage >= MIN_COVERAGE / 2 ? ` The closest guide I found, [${label(near)}](${origin}${near.passage.url}), does not answer it.` : '';
    return `I don't know: the Acme Cloud guides and the widget docs don't cover that, and I would rather not guess. ${CONTACT}${closest}`;
  }
  const used = [best];
  const second = answering.find((h) => relevance(h) >= SECOND_PASSAGE * relevance(best) && h.passage.url !== best.passage.url);
  if (second) used.push(second);
  const body = used.map((h, i) => `${lead(h, i === 0)}\n\n${h.passage.markdown}`).join('\n\n');
  const sources = used.map((h) => `- [${label(h)}](${origin}${h.passage.url})`).join('\n');
  return `${body}\n\nSources:\n\n${sources}`;
}
