/**
 * The demo answerer's text as the widget reads it: the links it extracts (src/chat/extract-links.ts)
 * are the sources, absolute, best first, each cited once in a lead sentence, and the only links;
 * below the threshold the answer says it does not know and links a person first.
 */
import { describe, expect, it } from 'vitest';
import { extractLinks } from '../src/chat/extract-links.ts';
import { demoAnswer, SUPPORT_EMAIL } from './demo-answer.ts';
import { splitPassages } from './passages.ts';
import { readPage, sitePages } from './site-pages.ts';
import { buildSiteRetriever } from './site-retriever.ts';
import { resolve } from 'node:path';

const ORIGIN = 'https://help.acme.test';
const site = buildSiteRetriever();
const answer = (q: string) => demoAnswer(q, ORIGIN, site);
const urls = (q: string) => extractLinks(answer(q)).map((l) => l.url);

describe('demoAnswer', () => {
  it('answers with the best passage under a lead sentence that links its source, best first', () => {
    const text = answer('I get 502 Bad Gateway');
    expect(text).toMatch(/^From \[[^\]]+\]\(https:\/\/help\.acme\.test\/help\/502-bad-gateway[#\w-]*\)( in \*Fix “502 Bad Gateway” after a deploy\*)?:\n\n/);
    // The introduction is cited by its page, a section by its heading, then its page.
    expect(text).toMatch(/\[Fix “502 Bad Gateway” after a deploy\]\(https:\/\/help\.acme\.test\/help\/502-bad-gateway\)/);
    expect(answer('How do I rotate an API key?')).toMatch(/^From \[Rotate a key\]\(https:\/\/help\.acme\.test\/help\/api-keys#rotate-a-key\) in \*API keys and access tokens\*:\n\n/);
    expect(text).toContain('A 502 Bad Gateway means');
    const links = urls('I get 502 Bad Gateway');
    expect(links[0]).toMatch(new RegExp(`^${ORIGIN}/help/502-bad-gateway`));
    expect(links).toEqual(site.search('I get 502 Bad Gateway').map((h) => `${ORIGIN}${h.passage.url}`).filter((u) => links.includes(u)));
  });

  it('cites each source once, in its lead sentence, and ends with the passage, not a list of links', () => {
    for (const q of ['I get 502 Bad Gateway', 'How do I install it?', 'custom domain', 'delivery offline', 'Where do I find my API key?']) {
      const text = answer(q);
      const leads = text.split('\n').filter((line) => /\]\(https?:/.test(line));
      expect(leads.length, q).toBe(urls(q).length);
      for (const line of leads) expect(line, q).toMatch(/^(From|Also relevant, from) \[[^\]]+\]\([^)]+\)( in \*[^*]+\*)?:$/);
      expect(text, q).not.toMatch(/Sources:/);
      expect(text.trimEnd().split('\n').at(-1), q).not.toMatch(/\]\(https?:/);
    }
  });

  it('links the section it quotes, with its anchor', () => {
    expect(urls('How do I rotate an API key?')[0]).toBe(`${ORIGIN}/help/api-keys#rotate-a-key`);
    expect(urls('How do I install it?')[0]).toMatch(new RegExp(`^${ORIGIN}/docs/install#install-`));
    expect(answer('How do I install it?')).toContain('Add one script tag before');
  });

  it('shows at most two passages, from different sections', () => {
    for (const q of ['How do I install it?', 'custom domain', 'delivery offline']) {
      const links = urls(q);
      expect(links.length, q).toBeGreaterThanOrEqual(1);
      expect(links.length, q).toBeLessThanOrEqual(2);
      expect(new Set(links).size, q).toBe(links.length);
    }
  });

  it('says it does not know below the threshold, and offers a person first', () => {
    for (const q of ['What is your refund policy for annual plans?', 'Do you support Kubernetes?']) {
      const text = answer(q);
      expect(text, q).toMatch(/^I don't know/);
      expect(text, q).toContain('contact support');
      expect(urls(q)[0], q).toBe(`mailto:${SUPPORT_EMAIL}`);
    }
    // The billing guide is about annual plans, not refunds: named as the closest, not quoted.
    expect(urls('What is your refund policy for annual plans?')[1]).toBe(`${ORIGIN}/help/billing-and-plans#annual-billing`);
    expect(answer('What is your refund policy for annual plans?')).not.toContain('two months free');
  });

  it('answers a greeting with what it knows about and the way to a person', () => {
    const text = answer('Hello!');
    expect(text).toMatch(/^Ask me about Acme Cloud/);
    expect(urls('Hello!')).toEqual([`mailto:${SUPPORT_EMAIL}`]);
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
