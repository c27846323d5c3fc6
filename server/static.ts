/**
 * Serves the demo pages and the widget bundle from the project folder, so `npm start` gives one
 * origin for page, script and API. `no-store` because the bundle changes on every build and a
 * stale cached widget makes demo and e2e results confusing.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

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

/**
 * Older names of docs pages, still linked from the FAQ answers (server/faq.ts) and from stored
 * conversations, so those links keep working.
 */
const DOC_ALIASES: Record<string, string> = {
  install: 'configuration',
  npm: 'frameworks',
  offline: 'delivery',
  identify: 'privacy',
  feedback: 'api',
  'self-hosting': 'collector',
};

/**
 * Where a URL path lives on disk: `/` -> index.html, the bundle and `/dist/*` -> dist/,
 * `/docs/` -> docs/README.md, `/docs/<name>` -> docs/<name>.md (other `/docs/*` files as they
 * are, e.g. the screenshot), the rest -> public/.
 */
export function staticFile(root: string, urlPath: string): string {
  if (urlPath === '/') return resolve(root, 'index.html');
  if (urlPath === '/docs' || urlPath === '/docs/') return resolve(root, 'docs', 'README.md');
  const doc = /^\/docs\/([\w-]+)$/.exec(urlPath)?.[1];
  if (doc) return inside(root, 'docs', `/${DOC_ALIASES[doc] ?? doc}.md`);
  if (urlPath.startsWith('/docs/')) return inside(root, 'docs', urlPath.slice('/docs'.length));
  // The script-tag bundle, its lazily loaded panel chunk and language packs sit side by side.
  if (/^\/support-copilot(-panel|-locale-[a-z]{2})?\.js(\.map)?$/.test(urlPath)) return inside(root, 'dist', urlPath);
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

/** The file for this path, or null (the caller answers 404). */
export async function serveStatic(root: string, rawPath: string): Promise<Response | null> {
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  const file = staticFile(root, urlPath);
  if (!file) return null;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  return new Response(await readFile(file), {
    headers: {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
