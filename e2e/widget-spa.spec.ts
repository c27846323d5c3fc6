/**
 * The npm entry as a consumer gets it: `npm pack` of this package, installed into a temp copy of
 * e2e/fixtures/spa (a small Vite SPA), built with Vite and served on the collector's origin under
 * /__spa/. Also: both entries import under Node with no `window` (SSR), and a consumer's TS file
 * typechecks against the packed .d.ts files (moduleResolution bundler).
 */
import { test, expect } from './fixtures.ts';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { watchPage, waitReady, ui, shownMessages, INSTALL_ANSWER } from './widget-helpers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURE = join(ROOT, 'e2e/fixtures/spa');
const BASE = '/__spa/';

interface Built {
  dir: string;
  ssr: { status: number | null; out: string };
  tsc: { status: number | null; out: string };
  files: string[];
}
let built: Built | undefined;

function run(cmd: string, args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

function build(): Built {
  const dir = mkdtempSync(join(tmpdir(), 'sc-spa-'));
  const app = join(dir, 'app');
  cpSync(FIXTURE, app, { recursive: true, filter: (src) => !/node_modules|[\\/]dist$/.test(src) });
  // The consumer file is kept out of the project's own typecheck; here it is checked for real.
  const consumer = join(app, 'consumer.ts');
  writeFileSync(consumer, readFileSync(consumer, 'utf8').replace(/^\/\/ @ts-nocheck.*\n/, ''));
  const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  const tarball = join(dir, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball], app);
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.out}`);
  const vite = run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--base', BASE, '--outDir', 'dist', '--emptyOutDir', '--logLevel', 'warn'], app);
  if (vite.status !== 0) throw new Error(`vite build failed:\n${vite.out}`);
  const ssr = run(process.execPath, ['ssr-check.mjs'], app);
  const tsc = run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
  const files = readdirSync(join(app, 'dist'), { recursive: true }).map(String);
  return { dir, ssr, tsc, files };
}

test.describe('npm package in a Vite SPA', () => {
  // One build for all tests here, in one worker.
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    built = build();
  });
  test.afterAll(() => {
    if (built && !process.env.KEEP_SPA) rmSync(built.dir, { recursive: true, force: true });
  });

  test('the widget created at app start survives history-API route changes as one widget', async ({ page, apiKey, collector }) => {
    test.slow();
    const dist = join(built!.dir, 'app/dist');
    await page.route(`**${BASE}**`, (route) => {
      const path = new URL(route.request().url()).pathname.slice(BASE.length);
      const file = join(dist, path);
      // Assets as files; every other path is the app (history-API fallback).
      if (path && existsSync(file) && !path.endsWith('/')) {
        const type = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' }[extname(file)] ?? 'application/octet-stream';
        return route.fulfill({ body: readFileSync(file), contentType: type });
      }
      return route.fulfill({ body: readFileSync(join(dist, 'index.html')), contentType: 'text/html' });
    });
    const issues = await watchPage(page);
    await page.goto(`${BASE}?key=${apiKey}`);
    await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
    const conversationId = await waitReady(page);
    const u = ui(page);
    await expect(u.host).toHaveCount(1);

    // Open, ask, and keep it open across navigation.
    const chunk = page.waitForResponse((r) => r.url().includes(`${BASE}assets/`) && r.url().endsWith('.js'));
    await u.launcher.click();
    await chunk; // the panel is a lazily loaded chunk of the app's build
    await u.input.fill('How do I install it?');
    await u.input.press('Enter');
    await expect(u.log).toContainText(INSTALL_ANSWER);
    await expect(u.helpful).toBeVisible();
    const hostHandle = await u.host.elementHandle();

    await page.getByRole('link', { name: 'About' }).click();
    await expect(page).toHaveURL(/\/__spa\/about$/);
    await expect(page.getByRole('heading', { name: 'About', level: 1 })).toBeVisible();
    await expect(u.host).toHaveCount(1);
    await expect(u.dialog).toBeVisible();
    await expect(u.log).toContainText(INSTALL_ANSWER);
    await page.getByRole('link', { name: 'Home' }).click();
    await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('heading', { name: 'About', level: 1 })).toBeVisible();
    await page.goForward();
    await expect(page.getByRole('heading', { name: 'Home', level: 1 })).toBeVisible();
    await page.evaluate(() => window.spa.navigate('/about'));
    await expect(page.getByRole('heading', { name: 'About', level: 1 })).toBeVisible();

    // Still the same single widget element, the same conversation, one creation, no full reload.
    await expect(u.host).toHaveCount(1);
    expect(await hostHandle!.evaluate((el) => el.isConnected)).toBe(true);
    expect(await page.evaluate(() => [window.spa.created, window.spa.copilot.conversationId, window.spa.renders])).toEqual([
      1,
      conversationId,
      ['/', '/about', '/', '/about', '/', '/about'],
    ]);
    await u.close.click();
    await expect(u.launcher).toBeFocused();
    await u.launcher.click();
    await u.input.fill('Does it work after navigating?');
    await u.input.press('Enter');
    await expect(u.log.locator('.msg')).toHaveCount(4);
    await expect.poll(async () => (await shownMessages(page)).length).toBe(4);
    await expect.poll(async () => (await collector.conversation(conversationId))?.messages.length).toBe(4);
    // A reload on a deep link shows the same conversation.
    await page.reload();
    await waitReady(page);
    await expect(u.dialog).toBeVisible(); // open again after a reload: remembered for the tab
    await expect(u.log.locator('.msg')).toHaveCount(4);
    expect(issues.consoleErrors).toEqual([]);
    expect(issues.pageErrors).toEqual([]);
  });

  test('both entries import under Node with no window (SSR-safe)', async () => {
    expect(built!.ssr.status, built!.ssr.out).toBe(0);
    const out = JSON.parse(built!.ssr.out.trim().split('\n').at(-1)!);
    expect(out).toMatchObject({ createSupportCopilot: 'function', createConversationLogger: 'function', SupportCopilotError: 'function' });
    // Creating it on the server is a readable error, not a ReferenceError on `window`/`document`.
    expect(out.serverCreate).toMatch(/browser only/);
  });

  test('a consumer TS file typechecks against the packed .d.ts files (moduleResolution bundler)', async () => {
    expect(built!.tsc.out).toBe('');
    expect(built!.tsc.status).toBe(0);
  });
});
