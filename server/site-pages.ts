/**
 * The pages the demo serves as HTML and answers from: the Acme Cloud help articles
 * (public/help/<slug>.md at /help/<slug>) and the widget's docs (docs/<name>.md at /docs/<name>,
 * docs/README.md at /docs/). One place maps files to URLs, so the rendered pages, the links
 * between them and the answerer's links agree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface SitePage {
  /** URL path, e.g. `/docs/api` or `/help/billing-and-plans`. */
  path: string;
  /** File, relative to the project root, with `/`: `docs/api.md`. */
  file: string;
  kind: 'help' | 'docs';
}

const FOLDERS = [
  { kind: 'help', dir: 'public/help', url: '/help/' },
  { kind: 'docs', dir: 'docs', url: '/docs/' },
] as const;

/**
 * Older docs names, linked from answers stored before the pages were HTML (the FAQ answerer
 * linked /docs/npm, /docs/offline, ...), so those links keep landing on the right page.
 */
const DOC_ALIASES: Record<string, string> = {
  npm: 'frameworks',
  offline: 'delivery',
  identify: 'privacy',
  feedback: 'api',
  'self-hosting': 'collector',
};

/** The URL path of a markdown file (relative to the root), or null when it is not a page. */
export function pagePath(file: string): string | null {
  for (const f of FOLDERS) {
    const name = new RegExp(`^${f.dir}/([\\w-]+)\\.md$`).exec(file)?.[1];
    if (name) return name === 'README' ? f.url : f.url + name;
  }
  return null;
}

export type SiteRoute = { page: SitePage } | { redirect: string } | null;

/**
 * What a URL path is: a page, a redirect (`.md` names, old aliases, `/help/`), or null (not a
 * page: the caller serves files as usual). Names are `[\w-]+`, so a path never leaves its folder.
 */
export function siteRoute(urlPath: string): SiteRoute {
  if (urlPath === '/docs') return { redirect: '/docs/' };
  if (urlPath === '/help' || urlPath === '/help/') return { redirect: '/#guides' };
  for (const f of FOLDERS) {
    if (!urlPath.startsWith(f.url)) continue;
    const rest = urlPath.slice(f.url.length);
    if (rest === '') return { page: { path: f.url, file: `${f.dir}/README.md`, kind: f.kind } };
    const md = /^([\w-]+)\.md$/.exec(rest)?.[1];
    if (md) return { redirect: md === 'README' ? f.url : f.url + md };
    const name = /^[\w-]+$/.exec(rest)?.[0];
    if (!name) return null;
    if (f.kind === 'docs' && DOC_ALIASES[name]) return { redirect: f.url + DOC_ALIASES[name] };
    return { page: { path: f.url + name, file: `${f.dir}/${name}.md`, kind: f.kind } };
  }
  return null;
}

/**
 * Where a link written in `fromFile` points on the site: `api.md#errors` -> `/docs/api#errors`,
 * `screenshot.png` -> `/docs/screenshot.png`; absolute http(s) and mailto links unchanged.
 * Null for anything the site does not serve (`./README.md`) or that is not safe
 * (`javascript:`), so the renderer shows the text without a link.
 */
export function siteLink(href: string, fromFile: string): string | null {
  if (href.startsWith('#')) return href;
  if (/^[a-z][a-z\d+.-]*:/i.test(href)) return /^(https?|mailto):/i.test(href) ? href : null;
  if (href.startsWith('/')) return href;
  const hash = href.indexOf('#');
  const [target, anchor] = hash < 0 ? [href, ''] : [href.slice(0, hash), href.slice(hash)];
  const file = posix.normalize(posix.join(posix.dirname(fromFile), target));
  const page = pagePath(file);
  if (page) return page + anchor;
  if (file.startsWith('docs/')) return `/${file}${anchor}`;
  if (file.startsWith('public/')) return `/${file.slice('public/'.length)}${anchor}`;
  return null;
}

/** Every page of both folders, the folder indexes (README.md) included. */
export function sitePages(root: string): SitePage[] {
  return FOLDERS.flatMap((f) =>
    readdirSync(join(root, f.dir))
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => ({ path: pagePath(`${f.dir}/${name}`)!, file: `${f.dir}/${name}`, kind: f.kind })),
  );
}

export function readPage(root: string, page: SitePage): string {
  return readFileSync(join(root, page.file), 'utf8');
}
