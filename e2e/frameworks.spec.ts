/**
 * The framework examples of docs/frameworks.md, as consumers build them: `npm pack` of this
 * package once, installed (with react / react-dom / vue from the registry) into temp copies of
 * e2e/fixtures/frameworks/{react,vue,ssr}, built with this project's Vite (no framework plugin),
 * then driven in Chromium against the collector:
 *   - react: SupportChat creates the widget in useEffect and destroys it in the cleanup;
 *   - vue:   the same with onMounted / onUnmounted (render functions, no SFC);
 *   - ssr:   a plain Node server renders React to HTML, importing the package on the server; the
 *            client hydrates and creates the widget in an effect (cross-origin to the collector).
 * The docs show excerpts of these files; e2e/docs.spec.ts checks the excerpts are verbatim.
 */
import { test, expect } from './fixtures.ts';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { watchPage, waitReady, ui, INSTALL_ANSWER, scEvents } from './widget-helpers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'e2e/fixtures/frameworks');
const VITE = join(ROOT, 'node_modules/vite/bin/vite.js');

interface Result {
  status: number | null;
  out: string;
}

/** Runs a command without blocking the worker (the three installs and builds run side by side). */
function run(cmd: string, args: string[], cwd: string): Promise<Result> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill(), 240_000);
    child.on('error', (e) => (out += String(e)));
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, out });
    });
  });
}

async function must(what: string, p: Promise<Result>): Promise<void> {
  const r = await p;
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}):\n${r.out}`);
}

let dir = '';
const app = (name: string) => join(dir, name);

async function prepare(name: string, tarball: string, builds: string[][]): Promise<void> {
  cpSync(join(FIXTURES, name), app(name), { recursive: true, filter: (src) => !/node_modules|[\\/]dist$/.test(src) });
  await must(`${name}: npm install`, run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball], app(name)));
  for (const args of builds) await must(`${name}: vite ${args.join(' ')}`, run(process.execPath, [VITE, 'build', '--logLevel', 'warn', ...args], app(name)));
}

/** Serves a built SPA under `base` on the collector's origin (same origin as the API, like widget-spa.spec.ts). */
async function serveBuilt(page: Page, name: string, base: string): Promise<void> {
  const dist = join(app(name), 'dist');
  await page.route(`**${base}**`, (route) => {
    const path = new URL(route.request().url()).pathname.slice(base.length);
    const file = join(dist, path);
    if (path && !path.endsWith('/') && existsSync(file)) {
      const type = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' }[extname(file)] ?? 'application/octet-stream';
      return route.fulfill({ body: readFileSync(file), contentType: type });
    }
    return route.fulfill({ body: readFileSync(join(dist, 'index.html')), contentType: 'text/html' });
  });
}

/** Ask, get the FAQ answer, see both messages reach the collector. Returns the conversation id. */
async function askAndDeliver(page: Page, collector: { conversation(id: string): Promise<{ messages: unknown[] } | null> }): Promise<string> {
  const conversationId = await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.log).toContainText(INSTALL_ANSWER);
  await expect(u.helpful).toBeVisible();
  await expect.poll(async () => (await collector.conversation(conversationId))?.messages.length).toBe(2);
  return conversationId;
}

/** The component's lifecycle: unmount destroys the widget; mount again shows the same conversation; identify applies. */
async function lifecycle(page: Page, collector: Parameters<typeof askAndDeliver>[1], conversationId: string): Promise<void> {
  const u = ui(page);
  await page.getByRole('button', { name: 'Hide support chat' }).click();
  await expect(u.host).toHaveCount(0);
  const readyBefore = (await scEvents(page)).filter((e) => e.type === 'ready').length;
  await page.getByRole('button', { name: 'Show support chat' }).click();
  await expect(u.host).toHaveCount(1);
  await expect.poll(async () => (await scEvents(page)).filter((e) => e.type === 'ready').length).toBe(readyBefore + 1);
  await page.getByRole('button', { name: 'Sign in as Ada' }).click();
  await u.launcher.click();
  // The remembered conversation, with its history.
  await expect(u.log).toContainText(INSTALL_ANSWER);
  await u.input.fill('And with npm?');
  await u.input.press('Enter');
  await expect.poll(async () => (await collector.conversation(conversationId))?.messages.length).toBe(4);
  const stored = (await collector.conversation(conversationId)) as { messages: { role: string; userProperties?: { id?: unknown; identificationType?: string } }[] };
  const users = stored.messages.filter((m) => m.role === 'user');
  expect(users.map((m) => m.userProperties?.identificationType)).toEqual(['COOKIED', 'ID_PROVIDED']);
  expect(users[1]!.userProperties?.id).toBe('u_42');
}

test.describe('framework examples from the packed package', () => {
  // One pack, three installs and builds, shared by the tests here, in one worker.
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    test.setTimeout(420_000);
    dir = mkdtempSync(join(tmpdir(), 'sc-frameworks-'));
    const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    const tarball = join(dir, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
    await Promise.all([
      prepare('react', tarball, [['--base', '/__react/', '--outDir', 'dist', '--emptyOutDir']]),
      prepare('vue', tarball, [['--base', '/__vue/', '--outDir', 'dist', '--emptyOutDir']]),
      prepare('ssr', tarball, [
        ['--outDir', 'dist/client', '--emptyOutDir'],
        ['--ssr', 'src/entry-server.jsx', '--outDir', 'dist/server', '--emptyOutDir'],
      ]),
    ]);
  });
  test.afterAll(() => {
    if (dir && !process.env.KEEP_FRAMEWORKS) rmSync(dir, { recursive: true, force: true });
  });

  test('React: created in useEffect, destroyed in its cleanup, identify on sign-in', async ({ page, apiKey, collector }) => {
    test.slow();
    await serveBuilt(page, 'react', '/__react/');
    const issues = await watchPage(page);
    await page.goto(`/__react/?key=${apiKey}`);
    await expect(page.getByRole('heading', { name: 'React fixture' })).toBeVisible();
    const id = await askAndDeliver(page, collector);
    await lifecycle(page, collector, id);
    expect(issues.consoleErrors).toEqual([]);
    expect(issues.pageErrors).toEqual([]);
  });

  test('Vue: created in onMounted, destroyed in onUnmounted, identify on sign-in', async ({ page, apiKey, collector }) => {
    test.slow();
    await serveBuilt(page, 'vue', '/__vue/');
    const issues = await watchPage(page);
    await page.goto(`/__vue/?key=${apiKey}`);
    await expect(page.getByRole('heading', { name: 'Vue fixture' })).toBeVisible();
    const id = await askAndDeliver(page, collector);
    await lifecycle(page, collector, id);
    expect(issues.consoleErrors).toEqual([]);
    expect(issues.consoleWarnings).toEqual([]);
    expect(issues.pageErrors).toEqual([]);
  });

  test('SSR: the server imports the package and renders HTML; the client hydrates and creates the widget', async ({ page, apiKey, baseURL, collector }) => {
    test.slow();
    let server: ChildProcess | undefined;
    try {
      server = spawn(process.execPath, ['server.mjs'], {
        cwd: app('ssr'),
        env: { ...process.env, PORT: '0', SUPPORT_COPILOT_KEY: apiKey, ANALYTICS_URL: baseURL! },
      });
      let out = '';
      server.stderr!.on('data', (d) => (out += d));
      const url = await new Promise<string>((done, fail) => {
        server!.stdout!.on('data', (d) => {
          out += d;
          const m = /http:\/\/[\d.:]+\//.exec(out);
          if (m) done(m[0]);
        });
        server!.on('exit', (code) => fail(new Error(`SSR server exited (${code}):\n${out}`)));
      });
      // Server-rendered: the page's own content is in the HTML, the widget is not.
      const html = await (await fetch(url)).text();
      expect(html).toContain('<h1>Server-rendered help page</h1>');
      expect(html).not.toContain('data-support-copilot');

      const issues = await watchPage(page);
      await page.goto(url);
      await expect(page.getByRole('heading', { name: 'Server-rendered help page' })).toBeVisible();
      await askAndDeliver(page, collector);
      // No hydration mismatch (React reports those as console errors), nothing thrown.
      expect(issues.consoleErrors).toEqual([]);
      expect(issues.pageErrors).toEqual([]);
      expect(out).not.toMatch(/Error/);
    } finally {
      server?.kill();
    }
  });
});
