/**
 * The demo answerer's text as the widget reads it: the links it extracts (src/chat/extract-links.ts)
 * are the sources, absolute, best first, each cited once in a lead sentence, and the only links, with
 * where each sits as its title (the source card's path); the Acme Cloud guides before the widget's
 * docs; below the threshold the answer says it does not know in words the widget recognises
 * (src/widget-core/says-no-answer.ts), so the widget offers a person, and links no email.
 */
import { describe, expect, it } from 'vitest';
import { extractLinks } from '../src/chat/extract-links.ts';
import { saysNoAnswer } from '../src/widget-core/says-no-answer.ts';
import { demoAnswer } from './demo-answer.ts';
import { splitPassages } from './passages.ts';
import { readPage, sitePages } from './site-pages.ts';
import { buildSiteRetriever } from './site-retriever.ts';
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';

const ORIGIN = 'https://help.acme.test';
const site = buildSiteRetriever();
const answer = (q: string) => demoAnswer(q, ORIGIN, site);
const urls = (q: string) => extractLinks(answer(q)).map((l) => l.url);
/** A link as the reader sees it: its title (where it sits) left out. */
const untitled = (text: string) => text.replace(/ "[^"]*"\)/g, ')');

describe('demoAnswer', () => {
  it('answers with the best passage under a lead sentence that links its source, best first', () => {
    const text = untitled(answer('I get 502 Bad Gateway'));
    expect(text).toMatch(/^From \[[^\]]+\]\(https:\/\/help\.acme\.test\/help\/502-bad-gateway[#\w-]*\)( in \*Fix “502 Bad Gateway” after a deploy\*)?:\n\n/);
    // The introduction is cited by its page, a section by its heading, then its page.
    expect(text).toMatch(/\[Fix “502 Bad Gateway” after a deploy\]\(https:\/\/help\.acme\.test\/help\/502-bad-gateway\)/);
    expect(untitled(answer('How do I rotate an API key?'))).toMatch(/^From \[Rotate a key\]\(https:\/\/help\.acme\.test\/help\/api-keys#rotate-a-key\) in \*API keys and access tokens\*:\n\n/);
    expect(text).toContain('A 502 Bad Gateway means');
    const links = urls('I get 502 Bad Gateway');
    expect(links[0]).toMatch(new RegExp(`^${ORIGIN}/help/502-bad-gateway`));
    expect(links).toEqual(site.search('I get 502 Bad Gateway').map((h) => `${ORIGIN}${h.passage.url}`).filter((u) => links.includes(u)));
  });

  it('cites each source once, in its lead sentence, and ends with the passage, not a list of links', () => {
    for (const q of ['I get 502 Bad Gateway', 'How do I install it?', 'custom domain', 'delivery offline', 'Where do I find my API key?']) {
      const text = untitled(answer(q));
      const leads = text.split('\n').filter((line) => /\]\(https?:/.test(line));
      expect(leads.length, q).toBe(urls(q).length);
      for (const line of leads) expect(line, q).toMatch(/^(From|Also relevant, from) \[[^\]]+\]\([^)]+\)( in \*[^*]+\*)?:$/);
      expect(text, q).not.toMatch(/Sources:/);
      expect(text.trimEnd().split('\n').at(-1), q).not.toMatch(/\]\(https?:/);
    }
  });

  it('links the section it quotes, with its anchor, and says where it sits as the link title', () => {
    expect(urls('How do I rotate an API key?')[0]).toBe(`${ORIGIN}/help/api-keys#rotate-a-key`);
    expect(extractLinks(answer('How do I rotate an API key?'))[0]).toEqual({ url: `${ORIGIN}/help/api-keys#rotate-a-key`, title: 'Rotate a key', breadcrumbs: ['API keys and access tokens'] });
    expect(extractLinks(answer('I get 502 Bad Gateway'))[0]).toMatchObject({ title: 'Fix “502 Bad Gateway” after a deploy', breadcrumbs: ['Acme Cloud guides'] });
    expect(extractLinks(answer('Can I use it with React?'))[0]!.breadcrumbs).toEqual(['React, Vue and server-side rendering']);
  });

  it('answers from the Acme Cloud guides first, and keeps the second passage in the same part of the site', () => {
    // "Install" on the Acme Cloud help centre: the CLI, though the widget docs say "install" more.
    expect(site.search('How do I install it?').find((h) => h.answers)!.passage.url).toMatch(/^\/docs\/install/);
    expect(urls('How do I install it?')).toEqual([`${ORIGIN}/help/getting-started#install-the-acme-cli`]);
    expect(answer('How do I install it?')).toContain('command line tool deploys');
    // A question about the widget itself still gets the widget's docs.
    expect(urls('how do i instal the widget from npm in my app')[0]).toBe(`${ORIGIN}/docs/install#install-from-npm`);
  });

  it("after a guide's introduction, its first section that answers: the most common cause of a 502", () => {
    const links = urls('I get 502 Bad Gateway');
    expect(links).toEqual([`${ORIGIN}/help/502-bad-gateway`, `${ORIGIN}/help/502-bad-gateway#the-app-is-not-listening-on-port`]);
    expect(answer('I get 502 Bad Gateway')).toContain('Most 502s after a deploy come from an app that listens on a fixed port');
  });

  it('shows at most two passages, from different sections', () => {
    for (const q of ['How do I install it?', 'custom domain', 'delivery offline']) {
      const links = urls(q);
      expect(links.length, q).toBeGreaterThanOrEqual(1);
      expect(links.length, q).toBeLessThanOrEqual(2);
      expect(new Set(links).size, q).toBe(links.length);
    }
  });

  it('says it does not know below the threshold, as the widget recognises it (it then offers a person), and links no email', () => {
    for (const q of ['What is your refund policy for annual plans?', 'Do you support Kubernetes?']) {
      const text = answer(q);
      expect(text, q).toMatch(/^I don't know/);
      expect(saysNoAnswer(text), q).toBe(true);
      expect(text, q).not.toMatch(/mailto:/);
    }
    // The billing guide is about annual plans, not refunds: named as the closest, not quoted.
    expect(urls('What is your refund policy for annual plans?')).toEqual([`${ORIGIN}/help/billing-and-plans#annual-billing`]);
    expect(answer('What is your refund policy for annual plans?')).not.toContain('two months free');
    // A real answer is never taken for one that does not know.
    for (const q of ['I get 502 Bad Gateway', 'How do I install it?', 'custom domain']) expect(saysNoAnswer(answer(q)), q).toBe(false);
  });

  it('answers a greeting with what it knows about', () => {
    const text = answer('Hello!');
    expect(text).toMatch(/^Ask me about Acme Cloud/);
    expect(urls('Hello!')).toEqual([]);
  });
});

describe("the demo's suggested questions", () => {
  it('are each answered from an Acme Cloud guide (public/stub.js)', () => {
    const stub = readFileSync(resolve(import.meta.dirname, '../public/stub.js'), 'utf8');
    const list = /suggestedQuestions: \[([^\]]*)\]/.exec(stub)![1]!;
    const questions = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
    expect(questions.length).toBeGreaterThanOrEqual(3);
    for (const q of questions) {
      expect(saysNoAnswer(answer(q)), q).toBe(false);
      expect(urls(q)[0], q).toMatch(new RegExp(`^${ORIGIN}/help/`));
    }
  });
});

describe('passages', () => {
  it('keep link text and show bare URLs as code, so nothing in them is taken for a source', () => {
    const md = '# T\n\nSee [the guide](guide.md#x) or https://status.acme.example/now, or mail <help@acme.example>. ![logo](logo.png)\n';
    const [p] = splitPassages(md, '/t');
    expect(p!.markdown).toBe('See the guide or `https://status.acme.example/now`, or mail `help@acme.example`.');
    expect(extractLinks(p!.markdown)).toEqual([]);
  });


  it('carry no links of their own, so the sources are the only links of an answer', () => {
    const root = resolve(import.meta.dirname, '..');
    const passages = sitePages(root).flatMap((p) => splitPassages(readPage(root, p), p.path));
    expect(passages.length).toBeGreaterThan(50);
    expect(passages.filter((p) => extractLinks(p.markdown).length > 0).map((p) => p.url)).toEqual([]);
  });
});
