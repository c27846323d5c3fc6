/**
 * How well the demo answerer answers the site's visitors: questions written the way people type
 * them (short, long, typos, no question mark), each with the page (and the section, where it
 * matters) a good answer cites first, or `null` when nothing on the site answers it. The set was
 * written from the articles and docs before the retriever was tuned, and is not tuned to it: a
 * question that fails here is a retrieval problem, not a reason to reword the question.
 *
 * Scored as the visitor sees it, through demoAnswer's links: an answer "answers" when it does not
 * say it does not know (the widget's own rule) and its first link is a page of the site, and is
 * right when that page is one of the expected ones.
 * - precision: right answers / answers given (a wrong answer and an answer to an out-of-scope
 *   question both count against it);
 * - recall: right answers / answerable questions.
 * Measure: `npx vitest run server/retriever-eval.test.ts` (prints the figures and the misses).
 */
import { describe, expect, it } from 'vitest';
import { extractLinks } from '../src/chat/extract-links.ts';
import { saysNoAnswer } from '../src/widget-core/says-no-answer.ts';
import { demoAnswer } from './demo-answer.ts';
import { buildSiteRetriever } from './site-retriever.ts';

/**
 * A target without `#` accepts any section of that page; with `#`, that section only. Where two
 * sections answer equally well, both are listed.
 */
const ANSWERABLE: [question: string, targets: string[]][] = [
  // Help: 502 Bad Gateway
  ['I get 502 Bad Gateway', ['/help/502-bad-gateway']],
  ['site returns 502 right after i deployed', ['/help/502-bad-gateway']],
  ['my app keeps crashing at startup after a deploy, where do i see the error', ['/help/502-bad-gateway#the-app-crashes-at-start-up']],
  ['health check failing', ['/help/502-bad-gateway#the-health-check-fails']],
  // Help: API keys
  ['Where do I find my API key?', ['/help/api-keys#create-an-api-key']],
  ['how do i rotate an api key', ['/help/api-keys#rotate-a-key']],
  ['revoke an old access token', ['/help/api-keys#rotate-a-key']],
  ['what scope does a deploy pipeline key need', ['/help/api-keys#scopes']],
  // Help: backups
  ['restore my database to yesterday', ['/help/backups#restore-to-a-point-in-time']],
  ['How long are backups kept?', ['/help/backups#what-is-backed-up']],
  ['can i download a pg_dump of my postgres database', ['/help/backups#download-a-backup']],
  // Help: billing
  ['how much is the pro plan', ['/help/billing-and-plans#plans-and-what-they-cost']],
  ['can we pay annually instead of monthly', ['/help/billing-and-plans#annual-billing']],
  ["set a spending limit so a traffic spike doesn't cost a fortune", ['/help/billing-and-plans#spending-limits']],
  ['do you take SEPA direct debit or bank transfer', ['/help/billing-and-plans#invoices-and-payment-methods']],
  ['where are my invoces', ['/help/billing-and-plans#invoices-and-payment-methods']],
  // Help: custom domains
  ['How do I add a custom domain?', ['/help/custom-domains']],
  ['custon domain stuck on pending for hours', ['/help/custom-domains#domain-stuck-on-pending']],
  ['do I have to upload my own SSL certificate', ['/help/custom-domains#certificates']],
  ['what dns record for an apex domain without www', ['/help/custom-domains#point-your-dns-at-acme-cloud']],
  // Help: getting started
  ['how do i deploy my first app', ['/help/getting-started']],
  ["can't change the region of my project", ['/help/getting-started#create-a-project-from-a-repository']],
  ['do pull requests get preview deployments', ['/help/getting-started#preview-environments']],
  ['where do I set enviroment variables and secrets', ['/help/getting-started#environment-variables-and-secrets']],
  // Widget docs
  // On the Acme Cloud help centre, "it" is Acme Cloud's: its CLI (issue 23), not the chat widget.
  ['How do I install it?', ['/help/getting-started#install-the-acme-cli']],
  ['how do i instal the widget from npm in my app', ['/docs/install#install-from-npm']],
  ['Can I use it with React?', ['/docs/frameworks#react']],
  ['does it work with next.js and server side rendering', ['/docs/frameworks']],
  ['Does the widget set cookies?', ['/docs/privacy']],
  ['are messages lost when offline?', ['/docs/delivery']],
  ['nothing is being sent to the analytics api', ['/docs/troubleshooting#why-is-nothing-sent']],
  ["the chat button doesn't appear on my site", ['/docs/troubleshooting#no-chat-button-appears']],
  ['which content security policy directives does it need', ['/docs/csp']],
  ['show the widget in french', ['/docs/configuration#languages']],
  ['put the chat button on the left', ['/docs/configuration#triggers-placement-and-shortcut', '/docs/configuration#widget-options']],
  ['how does a visitor opt out of analytics cookies', ['/docs/privacy#consent-flags']],
  ['embed the chat inside my page instead of a floating popup', ['/docs/configuration#inline-mode']],
  ['what events can i listen to', ['/docs/api#widget-events', '/docs/api#dom-events', '/docs/api#logger-events']],
  ['run the collector on another port', ['/docs/collector#running-it']],
];

/** Nothing on the site answers these; a good answer says so and offers a person. */
const OUT_OF_SCOPE: string[] = [
  'What is your refund policy for annual plans?',
  'can i get a refund',
  'What is your phone number?',
  'How do I delete my account?',
  'Do you support Kubernetes?',
  'how much do GPU instances cost per hour',
  'how do i cancel my subscription',
  'do you support mysql',
  'i forgot my password, how do i reset it',
  'how do I change the email address on my account',
  'is there a student discount',
  "what's the weather in paris tomorrow",
  'write me a poem about cats',
];

const ORIGIN = 'https://help.acme.test';

/** What the answer cites first: a site path, or null when it refuses (it says it does not know, as the widget reads it). */
function cited(retriever: ReturnType<typeof buildSiteRetriever>, question: string): string | null {
  const text = demoAnswer(question, ORIGIN, retriever);
  const first = extractLinks(text)[0]?.url;
  return !saysNoAnswer(text) && first?.startsWith(ORIGIN) ? first.slice(ORIGIN.length) : null;
}

const hits = (path: string, target: string) => (target.includes('#') ? path === target : path === target || path.startsWith(`${target}#`));

function evaluate(retriever = buildSiteRetriever()) {
  const misses: string[] = [];
  let answered = 0;
  let right = 0;
  for (const [question, targets] of ANSWERABLE) {
    const path = cited(retriever, question);
    if (path) answered++;
    if (path && targets.some((t) => hits(path, t))) right++;
    else misses.push(`${path ? 'wrong  ' : 'refused'} ${JSON.stringify(question)} -> ${path ?? '-'} (want ${targets.join(' or ')})`);
  }
  for (const question of OUT_OF_SCOPE) {
    const path = cited(retriever, question);
    if (path) {
      answered++;
      misses.push(`answered out-of-scope ${JSON.stringify(question)} -> ${path}`);
    }
  }
  return { precision: right / answered, recall: right / ANSWERABLE.length, misses };
}

/**
 * Floors, which the retriever on main before this set fails on both counts: it scored precision
 * 0.85 (33 right of 39 answers: 3 wrong pages, and "What is your phone number?", "How do I delete
 * my account?" and "I forgot my password" answered) and recall 0.85 (33 of 39). With statements,
 * two words said together, the stop list and the site's synonyms: precision 0.95 (35 of 37), recall
 * 0.90 (35 of 39). The floors leave room for one more miss, as the docs keep changing.
 */
const PRECISION_FLOOR = 0.9;
const RECALL_FLOOR = 0.87;

describe('the demo answerer on visitors’ questions', () => {
  it('is a fair set: about 30 answerable over every article and the main docs, at least 10 out of scope', () => {
    expect(ANSWERABLE.length).toBeGreaterThanOrEqual(30);
    expect(OUT_OF_SCOPE.length).toBeGreaterThanOrEqual(10);
    const pages = new Set(ANSWERABLE.flatMap(([, targets]) => targets.map((t) => t.split('#')[0])));
    for (const page of ['502-bad-gateway', 'api-keys', 'backups', 'billing-and-plans', 'custom-domains', 'getting-started']) expect(pages).toContain(`/help/${page}`);
    for (const page of ['install', 'configuration', 'privacy', 'delivery', 'troubleshooting', 'frameworks', 'csp', 'api']) expect(pages).toContain(`/docs/${page}`);
  });

  it(`meets the floors: precision >= ${PRECISION_FLOOR}, recall >= ${RECALL_FLOOR}`, () => {
    const { precision, recall, misses } = evaluate();
    console.log(`precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}\n${misses.join('\n')}`);
    expect.soft(precision).toBeGreaterThanOrEqual(PRECISION_FLOOR);
    expect.soft(recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });
});
