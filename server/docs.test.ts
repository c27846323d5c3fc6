/**
 * The docs pages on the collector: `/docs/` and `/docs/<name>` serve docs/*.md from the project
 * folder as text, and every link the demo's FAQ answerer gives resolves to an existing page.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faqAnswer } from './faq.ts';
import { testApp } from './test-server.ts';

const root = resolve(import.meta.dirname, '..');
const { app } = testApp({ staticRoot: root });
const ORIGIN = 'http://collector.test';

describe('docs pages', () => {
  it('serves /docs/ as the docs index and /docs/<name> as docs/<name>.md, as markdown text', async () => {
    for (const [path, file] of [
      ['/docs/', 'README.md'],
      ['/docs', 'README.md'],
      ['/docs/api', 'api.md'],
      ['/docs/configuration', 'configuration.md'],
      ['/docs/api.md', 'api.md'],
    ] as const) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
      expect(await res.text()).toBe(readFileSync(join(root, 'docs', file), 'utf8'));
    }
  });

  it('serves every page in docs/', async () => {
    const pages = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(pages.length).toBeGreaterThanOrEqual(8);
    for (const page of pages) expect((await app.request(`/docs/${page.slice(0, -3)}`)).status, page).toBe(200);
  });

  it('answers 404 for missing pages and never leaves docs/', async () => {
    for (const path of ['/docs/nope', '/docs/../package.json', '/docs/%2e%2e/package.json', '/docs/..%2fpackage.json']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('every link in the FAQ answers resolves to a docs page', async () => {
    const questions = ['install the script tag', 'npm package', 'privacy cookies', 'offline delivery', 'csp policy', 'identify users', 'feedback thumbs', 'self-host collector', 'something else'];
    const links = new Set<string>();
    for (const q of questions) for (const m of faqAnswer(q, ORIGIN).matchAll(/\]\((http[^)]+)\)/g)) links.add(m[1]!);
    expect(links.size).toBeGreaterThanOrEqual(9);
    for (const link of links) {
      const url = new URL(link);
      expect(url.origin).toBe(ORIGIN);
      const res = await app.request(url.pathname);
      expect(res.status, link).toBe(200);
      expect(res.headers.get('content-type'), link).toBe('text/markdown; charset=utf-8');
    }
  });
});
