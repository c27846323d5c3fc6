/**
 * Serves the demo: the home page, the widget bundle, the help articles and docs rendered to HTML
 * (server/site-pages.ts), and other files from the project folder, so `npm start` gives one
 * origin for page, script and API. `no-store` because the bundle changes on every build and a
 * stale cached widget makes demo and e2e results confusing.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { articlePage } from './article-page.ts';
import { renderMarkdown } from './render-markdown.ts';
import { siteLink, siteRoute, type SitePage } from './site-pages.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The home page's developer panel shows the fault controls only when this says "on". */
const ADMIN_OFF = '<meta name="collector-admin" content="off">';
const ADMIN_ON = '<meta name="collector-admin" content="on">';

const HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export interface StaticOptions {
  /** Whether the admin routes are on; the home page tells its developer panel (public/demo.js). */
  admin?: boolean;
}

/**
 * Where a URL path lives on disk, for paths that are not pages (siteRoute): `/` -> index.html,
 * the bundle and `/dist/*` -> dist/, other `/docs/*` files (the screenshot) -> docs/, the rest
 * -> public/.
 */
export function staticFile(root: string, urlPath: string): string {
  if (urlPath === '/') return resolve(root, 'index.html');
  if (urlPath.startsWith('/docs/')) return inside(root, 'docs', urlPath.slice('/docs'.length));
  // The script-tag bundle and its chunks (core after first paint, panel on first open, language packs, answer protocols) sit side by side.
  if (/^\/support-copilot(-core|-work|-panel|-locale-[a-z]{2}|-protocol-[a-z-]+)?\.js(\.map)?$/.test(urlPath)) return inside(root, 'dist', urlPath);
  if (urlPath.startsWith('/dist/')) return inside(root, 'dist', urlPath.slice('/dist'.length));
  return inside(root, 'public', urlPath);
}

/** Resolves `rel` under `root/dir`, or '' when it would escape it (`..`, encoded slashes, NUL). */
function inside(root: string, dir: string, rel: string): string {
  const base = resolve(root, dir);
  if (rel.includes('\0')) return '';
  const file = resolve(base, `.${rel}`);
  return file.startsWith(base + sep) ? file : '';
}

async function readIfFile(file: string): Promise<Buffer<ArrayBuffer> | null> {
  if (!file) return null;
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? readFile(file) : null;
}

/** A help article or docs page as an HTML document, or null when its markdown file is missing. */
export async function servePage(root: string, page: SitePage): Promise<Response | null> {
  const markdown = await readIfFile(resolve(root, page.file));
  if (!markdown) return null;
  const { html, title } = renderMarkdown(markdown.toString('utf8'), (href) => siteLink(href, page.file));
  return new Response(articlePage(page, title, html), { headers: { 'Content-Type': TYPES['.html']!, ...HEADERS } });
}

/** The file or page for this path, or null (the caller answers 404). */
export async function serveStatic(root: string, rawPath: string, options: StaticOptions = {}): Promise<Response | null> {
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  const route = siteRoute(urlPath);
  if (route && 'redirect' in route) return new Response(null, { status: 301, headers: { Location: route.redirect, ...HEADERS } });
  if (route) return servePage(root, route.page);
  const file = staticFile(root, urlPath);
  const bytes = await readIfFile(file);
  if (!bytes) return null;
  const body = urlPath === '/' && options.admin ? bytes.toString('utf8').replace(ADMIN_OFF, ADMIN_ON) : bytes;
  return new Response(body, { headers: { 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', ...HEADERS } });
}
