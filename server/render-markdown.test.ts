/**
 * The docs renderer: heading ids for anchors, links through the site's mapping, and markdown
 * that tries to smuggle HTML or script URLs in shown as text.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.ts';
import { siteLink } from './site-pages.ts';

const render = (md: string, from = 'docs/api.md') => renderMarkdown(md, (href) => siteLink(href, from));

describe('renderMarkdown', () => {
  it('gives headings GitHub-style ids, numbering repeats, and returns the first h1 as title', () => {
    const { html, title } = render('# The `stats()` API\n\n## Errors\n\n## `storage: \'memory\'`\n\n## Errors\n');
    expect(title).toBe('The stats() API');
    expect(html).toContain('<h1 id="the-stats-api">The <code>stats()</code> API</h1>');
    expect(html).toContain('<h2 id="errors">Errors</h2>');
    expect(html).toContain('<h2 id="storage-memory">');
    expect(html).toContain('<h2 id="errors-1">Errors</h2>');
  });

  it('rewrites links between pages to the HTML pages, keeping anchors', () => {
    const { html } = render('[a](configuration.md#script-tag-attributes) [b](#errors) [c](README.md) [d](screenshot.png) [e](https://example.com/x) [f](mailto:a@b.example)');
    expect(html).toContain('<a href="/docs/configuration#script-tag-attributes">a</a>');
    expect(html).toContain('<a href="#errors">b</a>');
    expect(html).toContain('<a href="/docs/">c</a>');
    expect(html).toContain('<a href="/docs/screenshot.png">d</a>');
    expect(html).toContain('<a href="https://example.com/x" rel="noopener noreferrer">e</a>');
    expect(html).toContain('<a href="mailto:a@b.example">f</a>');
    expect(render('[guide](billing-and-plans.md#annual-billing)', 'public/help/api-keys.md').html).toContain('<a href="/help/billing-and-plans#annual-billing">');
  });

  it('shows the text of links the site cannot serve or that are not safe', () => {
    const { html } = render('[server](../server/README.md) [x](javascript:alert(1)) [y](data:text/html,hi) ![i](javascript:alert(2))');
    expect(html).toBe('<p>server x y i</p>\n');
  });

  it('escapes raw HTML, block and inline, and drops HTML comments', () => {
    const { html } = render('<!-- snippet: e2e/x.js -->\n\n<div onclick="alert(1)">hi</div>\n\nText <img src=x onerror=alert(1)> and <script>alert(1)</script>.\n');
    expect(html).not.toMatch(/<(div|img|script)/);
    expect(html).not.toContain('snippet');
    expect(html).toContain('<p>&lt;div onclick=&quot;alert(1)&quot;&gt;hi&lt;/div&gt;</p>');
    expect(html).toContain('Text &lt;img src=x onerror=alert(1)&gt; and &lt;script&gt;alert(1)&lt;/script&gt;.');
  });

  it('escapes code and attribute values', () => {
    const { html } = render('```html\n<script src="x"></script>\n```\n\n[t](https://e.example/?a=1&b="2" "a \\"title\\"")');
    expect(html).toContain('<pre tabindex="0"><code class="language-html">&lt;script src=&quot;x&quot;&gt;&lt;/script&gt;');
    expect(html).not.toContain('<script');
  });
});
