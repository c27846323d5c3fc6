/**
 * The site's pages on the collector: docs/*.md at /docs/<name> and the help articles
 * (public/help/*.md) at /help/<slug>, rendered to HTML under a strict CSP; links between them,
 * anchors included, resolve; every link the demo answerer gives lands on a page and a heading.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLinks } from '../src/chat/extract-links.ts';
import { demoAnswer } from './demo-answer.ts';
import { testApp } from './test-server.ts';

const root = resolve(import.meta.dirname, '..');
const { app } = testApp({ staticRoot: root });
const ORIGIN = 'http://collector.test';

const PAGES = [
  '/docs/',
  ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => `/docs/${f.slice(0, -3)}`),
  ...readdirSync(join(root, 'public/help')).filter((f) => f.endsWith('.md')).map((f) => `/help/${f.slice(0, -3)}`),
];

async function html(path: string): Promise<string> {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
  return res.text();
}

const ids = (page: string) => new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));

describe('site pages', () => {
  it('serves docs and help articles as HTML pages with the title and heading ids', async () => {
    const api = await html('/docs/api');
    expect(api).toMatch(/<title>API · Acme Cloud Help Centre<\/title>/);
    expect(api).toContain('<h2 id="errors">Errors</h2>');
    expect(await html('/docs/')).toContain('<h1 id="support-copilot-widget-documentation">');
    const help = await html('/help/502-bad-gateway');
    expect(help).toContain('<h2 id="the-app-is-not-listening-on-port">The app is not listening on PORT</h2>');
    expect(help).toContain('<link rel="stylesheet" href="/article.css">');
  });

  it('serves every page of docs/ and public/help/', async () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(15);
    for (const page of PAGES) await html(page);
  });

  it('redirects markdown names, old names and folder paths to the HTML pages', async () => {
    for (const [from, to] of [
      ['/docs/api.md', '/docs/api'],
      ['/docs/README.md', '/docs/'],
      ['/docs', '/docs/'],
      ['/docs/npm', '/docs/frameworks'],
      ['/docs/offline', '/docs/delivery'],
      ['/docs/self-hosting', '/docs/collector'],
      ['/help/backups.md', '/help/backups'],
      ['/help/', '/#guides'],
    ] as const) {
      const res = await app.request(from);
      expect(res.status, from).toBe(301);
      expect(res.headers.get('location'), from).toBe(to);
    }
  });

  it('answers 404 for missing pages and never leaves its folders', async () => {
    for (const path of ['/docs/nope', '/help/nope', '/docs/../package.json', '/docs/%2e%2e/package.json', '/docs/..%2fpackage.json', '/help/..%2f..%2fpackage.json']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
    // Files next to the pages are still files.
    expect((await app.request('/docs/screenshot.png')).headers.get('content-type')).toBe('image/png');
  });

  it('are CSP-clean: no inline scripts, style attributes or event handlers', async () => {
    for (const page of PAGES) {
      const text = await html(page);
      expect(text.match(/<script(?![^>]*\ssrc=)[^>]*>/g), page).toBeNull();
      expect(text.match(/\s(style|on\w+)=/gi), page).toBeNull();
    }
  });

  it('link to each other as HTML pages, and every #anchor is a heading of its target', async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const page of PAGES) {
      const text = await html(page);
      for (const [, href] of text.matchAll(/<a href="([^"]+)"/g)) {
        const url = new URL(href!.replaceAll('&amp;', '&'), `${ORIGIN}${page}`);
        if (url.origin !== ORIGIN || seen.has(url.href)) continue;
        seen.add(url.href);
        expect(href, `${page}: links to markdown`).not.toMatch(/\.md(#|$)/);
        let res = await app.request(url.pathname);
        if (res.status === 301) res = await app.request(res.headers.get('location')!);
        if (res.status !== 200) problems.push(`${page}: ${href} -> ${res.status}`);
        else if (url.hash && res.headers.get('content-type')?.startsWith('text/html') && !ids(await res.text()).has(url.hash.slice(1))) problems.push(`${page}: ${href} (no #${url.hash.slice(1)})`);
      }
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });

  it('every link the demo answerer gives opens an HTML page with that heading', async () => {
    const questions = ['How do I install it?', 'I get 502 Bad Gateway', 'custom domain TLS', 'rotate an API key', 'restore a backup', 'are messages lost offline', 'CSP nonce', 'identify users', 'What is your refund policy for annual plans?'];
    const links = new Set(questions.flatMap((q) => extractLinks(demoAnswer(q, ORIGIN)).map((l) => l.url)).filter((u) => u.startsWith('http')));
    expect(links.size).toBeGreaterThanOrEqual(12);
    for (const link of links) {
      const url = new URL(link);
      expect(url.origin).toBe(ORIGIN);
      const page = await html(url.pathname);
      if (url.hash) expect(ids(page).has(url.hash.slice(1)), link).toBe(true);
    }
  });
});

describe('home page', () => {
  it('tells the developer panel whether the admin routes are on', async () => {
    const meta = (text: string) => /<meta name="collector-admin" content="(\w+)">/.exec(text)?.[1];
    expect(meta(await (await testApp({ staticRoot: root, admin: true }).app.request('/')).text())).toBe('on');
    expect(meta(await (await testApp({ staticRoot: root, admin: false }).app.request('/')).text())).toBe('off');
  });
});
