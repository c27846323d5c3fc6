/**
 * The HTML document around a rendered help article or docs page: the help centre's header, the
 * article, and the same support widget as the home page, so a visitor who opens an answer's link
 * can keep asking (the same script tag as index.html's). External files only (stylesheets, stub.js,
 * the bundle): the pages run under `default-src 'self'` like the home page.
 */
import { escapeHtml } from './render-markdown.ts';
import type { SitePage } from './site-pages.ts';

/** The home page's logo and navigation (index.html), from another page. */
const LOGO =
  '<svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><path d="M16 3 29 27H3Z"/><path class="cut" d="M16 13 22 25H10Z"/></svg>';
const NAV = [
  ['/#guides', 'Guides'],
  ['/docs/', 'Widget docs'],
  ['/#contact', 'Contact'],
];

const SECTION = { help: { name: 'Guides', href: '/#guides' }, docs: { name: 'Support widget docs', href: '/docs/' } };

export function articlePage(page: SitePage, title: string, articleHtml: string): string {
  const section = SECTION[page.kind];
  const name = escapeHtml(title || page.path);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light">
  <title>${name} · Acme Cloud Help Centre</title>
  <link rel="stylesheet" href="/demo.css">
  <link rel="stylesheet" href="/article.css">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
  <a class="skip" href="#content">Skip to content</a>
  <header class="site-header">
    <div class="bar">
      <a class="brand" href="/">${LOGO}<span>Acme Cloud <span class="brand-sub">Help Centre</span></span></a>
      <nav class="site-nav" aria-label="Main">${NAV.map(([href, text]) => `<a href="${href}">${text}</a>`).join(' ')}</nav>
    </div>
  </header>
  <main id="content" class="article-main" tabindex="-1">
    <nav class="crumbs" aria-label="Breadcrumb">
      <a href="/">Help Centre</a> <span aria-hidden="true">›</span> <a href="${section.href}">${section.name}</a>
    </nav>
    <article class="prose">
${articleHtml}
    </article>
  </main>
  <footer class="site-footer"><p>Acme Cloud is not a real company: these pages are the demo of <code>support-copilot-widget</code>.</p></footer>
  <script src="/stub.js"></script>
  <script async src="/support-copilot.js" data-api-key="demo-web-key" data-analytics-url="/" data-chat-url="/v1/chat/completions"
          data-ticket-url="/tickets" data-support-email="support@acme.example" data-brand-name="Acme Cloud" data-logo-url="/favicon.svg"
          data-welcome-message="Hi! Ask anything about deploying and running apps on Acme Cloud."
          data-disclaimer="Answers are written from the Acme Cloud guides and can be wrong. For a person, use Get help."></script>
</body>
</html>
`;
}
