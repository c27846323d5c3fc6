/**
 * Every fenced code block of README.md and docs/*.md is either an excerpt of a file that another
 * test runs (marked `<!-- snippet: path -->` on the line before the fence) or is run here:
 *   - `html`: served as a page on the collector's origin; the launcher must show and a question
 *     asked in the panel must be delivered (and answered, when the block configures a chat);
 *   - `ts`: type-checked against the package's own types, then run as a module in a page with
 *     the npm entries mapped to the test bundles; it must finish without an error;
 *   - `sh`: only known commands; npm scripts and files named must exist; `curl` lines are run
 *     against the collector and must succeed.
 * Any other block fails. Placeholders are swapped for the test's collector and key as
 * docs/README.md ("How the examples are tested") says. Also: configuration.md and api.md name
 * every option, attribute, method, command and event of the code, relative links resolve, and
 * what the docs say about unknown options and attributes is what the code does (it warns).
 */
import { test, expect } from './fixtures.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { routeBlank } from './fixtures.ts';
import { watchPage, ui, violations, scEvents, INSTALL_ANSWER } from './widget-helpers.ts';
import { resolveLoggerConfig } from '../src/core/config.ts';
import { checkWidgetConfig } from '../src/widget/widget-config.ts';
import { ATTRIBUTES } from '../src/widget/embed-attributes.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
  /** The fixture file this block is an excerpt of. */
  snippet?: string;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith(open[1]!) && l.trim() === open[1]);
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code fence`);
    const marker = /^<!--\s*snippet:\s*(\S+)\s*-->\s*$/.exec(lines[i - 1] ?? '');
    out.push({ file, line: i + 1, lang: open[2]!, code: lines.slice(i + 1, end).join('\n'), ...(marker ? { snippet: marker[1]! } : {}) });
    i = end;
  }
  return out;
}

const BLOCKS = FILES.flatMap(blocksOf);
const where = (b: Block) => `${b.file}:${b.line}`;
const isSnippet = (b: Block) => b.snippet !== undefined;
// `text` is for diagrams: prose drawn in a fence, no code to test.
const kind = (b: Block) => (isSnippet(b) ? 'snippet' : ['html', 'ts', 'sh', 'text'].includes(b.lang) ? b.lang : 'unknown');

/** The placeholders of docs/README.md, swapped for this test's collector and key. */
function substitute(code: string, origin: string, key: string): string {
  return code
    .replaceAll('https://api.analytics.inkeep.com', origin)
    .replaceAll('http://127.0.0.1:8787', origin)
    .replaceAll('https://cdn.example.com', origin)
    .replaceAll('https://chat.example.com', origin)
    .replaceAll('WEB_INTEGRATION_KEY', key)
    .replaceAll('demo-web-key', key);
}

const dedent = (lines: string[]): string[] => {
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0).trimEnd());
};

test('every code block is an excerpt of a tested file or runs in a test', () => {
  expect(BLOCKS.length).toBeGreaterThan(10);
  const unknown = BLOCKS.filter((b) => kind(b) === 'unknown').map((b) => `${where(b)} (\`\`\`${b.lang})`);
  expect(unknown, 'blocks that are neither an excerpt (<!-- snippet: path --> before the fence) nor html / ts / sh / text').toEqual([]);
});

test('excerpts are verbatim parts of their files', () => {
  const problems: string[] = [];
  for (const b of BLOCKS.filter(isSnippet)) {
    const path = join(ROOT, b.snippet!);
    if (!existsSync(path)) {
      problems.push(`${where(b)}: ${b.snippet} does not exist`);
      continue;
    }
    const want = dedent(b.code.split('\n'));
    const have = readFileSync(path, 'utf8').split('\n');
    const found = have.some((_, i) => i + want.length <= have.length && dedent(have.slice(i, i + want.length)).join('\n') === want.join('\n'));
    if (!found) problems.push(`${where(b)}: not found verbatim in ${b.snippet}`);
  }
  expect(problems).toEqual([]);
  // The excerpted fixtures are the ones e2e/frameworks.spec.ts builds and runs.
  for (const b of BLOCKS.filter(isSnippet)) expect(b.snippet, where(b)).toMatch(/^e2e\/fixtures\//);
});

test('sh blocks use known commands, existing npm scripts and files; curl lines succeed against the collector', ({ baseURL, apiKey }) => {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const problems: string[] = [];
  const curls: string[] = [];
  for (const b of BLOCKS.filter((x) => kind(x) === 'sh')) {
    const lines = b.code.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.replace(/\s+#\s.*$/, '').trim()).filter(Boolean);
    for (const line of lines) {
      if (line.startsWith('curl ')) {
        curls.push(line);
        continue;
      }
      for (const part of line.split(/&&|;/).map((p) => p.trim())) {
        const words = part.split(/\s+/).filter((w) => !/^[A-Z_]+=/.test(w));
        const [cmd, sub, arg] = words;
        const bad = (why: string) => problems.push(`${where(b)}: \`${part}\`: ${why}`);
        const file = (f: string | undefined) => (f && existsSync(join(ROOT, f)) ? null : bad(`no file ${f}`));
        if (cmd === 'npm') {
          if (sub === 'ci' || sub === 'install') continue;
          const script = sub === 'run' ? arg : sub;
          if (!script || !(script in scripts)) bad(`no npm script "${script}"`);
        } else if (cmd === 'npx') {
          if (sub === 'tsx' || sub === 'playwright' || sub === 'vitest') {
            if (sub === 'tsx') file(arg);
          } else bad('unknown npx command');
        } else if (cmd === 'node' || cmd === 'bash') file(sub);
        else if (cmd !== 'git' && cmd !== 'cd') bad(`unknown command ${cmd}`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(curls.length).toBeGreaterThan(0);
  for (const line of curls) {
    const r = spawnSync('bash', ['-c', substitute(line, baseURL!, apiKey)], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status, `${line}\n${r.stdout}${r.stderr}`).toBe(0);
  }
});

// ------------------------------------------------------------------ ts blocks

const TS_BLOCKS = BLOCKS.filter((b) => kind(b) === 'ts');

test('ts blocks type-check against the package types', () => {
  const dir = join(ROOT, `.tmp/docs-snippets-${process.env.E2E_PORT ?? 8799}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names = TS_BLOCKS.map((b, i) => {
    const name = `snippet-${i}.ts`;
    writeFileSync(join(dir, name), `// ${where(b)}\n${b.code}\n`);
    return name;
  });
  const rel = (p: string) => relative(dir, join(ROOT, p));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: rel('tsconfig.json'),
      compilerOptions: {
        types: [],
        noEmit: true,
        paths: { 'support-copilot-widget': [rel('src/index.ts')], 'support-copilot-widget/core': [rel('src/headless.ts')] },
      },
      include: names,
    }),
  );
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  // Errors name the snippet file; its first line says which doc block it is.
  const out = `${r.stdout}${r.stderr}`.replace(/snippet-(\d+)\.ts/g, (_, i: string) => where(TS_BLOCKS[Number(i)]!));
  expect(out).toBe('');
  expect(r.status).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

for (const b of TS_BLOCKS) {
  test(`ts block runs: ${where(b)}`, async ({ page, baseURL, apiKey }) => {
    const issues = await watchPage(page);
    // Anything left on the default analytics URL would leave the machine: refuse it loudly.
    await page.route('https://api.analytics.inkeep.com/**', (route) => route.abort());
    await routeBlank(page);
    const js = transformSync(substitute(b.code, baseURL!, apiKey), { loader: 'ts', format: 'esm', target: 'es2022' }).code
      .replace(/from\s*(['"])support-copilot-widget\/core\1/g, "from '/__test/core.js'")
      .replace(/from\s*(['"])support-copilot-widget\1/g, "from '/__test/index.js'");
    await page.route('**/__docs/snippet.js', (route) => route.fulfill({ contentType: 'text/javascript', body: js }));
    await page.goto('/__test/blank.html');
    const result = await page.evaluate((url) => import(url).then(() => 'ok', (e: Error) => `${e?.name}: ${e?.message}`), '/__docs/snippet.js');
    expect(result, js).toBe('ok');
    expect(issues.pageErrors).toEqual([]);
    expect(issues.consoleErrors).toEqual([]);
  });
}

// ------------------------------------------------------------------ React snippets in a TypeScript app

/**
 * Vite's `react-ts` template's `tsconfig.app.json`, as `npm create vite` writes it
 * (vitejs/vite, packages/create-vite/template-react-ts/tsconfig.app.json at 4e46bbb2), and its
 * `tsconfig.json`, which only references it (project references: type-checked with `tsc -b`).
 */
const VITE_REACT_TS_APP = {
  compilerOptions: {
    tsBuildInfoFile: './node_modules/.tmp/tsconfig.app.tsbuildinfo',
    target: 'ES2020',
    useDefineForClassFields: true,
    lib: ['ES2020', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    skipLibCheck: true,
    moduleResolution: 'bundler',
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    moduleDetection: 'force',
    noEmit: true,
    jsx: 'react-jsx',
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    erasableSyntaxOnly: true,
    noFallthroughCasesInSwitch: true,
    noUncheckedSideEffectImports: true,
  },
  include: ['src'],
};

test('React snippets type-check under strict TypeScript in a Vite react-ts project, against the built package types', () => {
  const files = [...new Set(BLOCKS.filter((b) => b.snippet && /\.tsx$/.test(b.snippet)).map((b) => b.snippet!))];
  expect(files.length, 'TypeScript React snippets in the docs').toBeGreaterThanOrEqual(2);
  // Inside the package folder, so `support-copilot-widget` resolves to this package's own exports
  // (dist/index.d.ts, what an app installs) and react's types to node_modules/@types.
  const dir = join(ROOT, `.tmp/react-ts-${process.env.E2E_PORT ?? 8799}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }));
  writeFileSync(join(dir, 'tsconfig.app.json'), JSON.stringify(VITE_REACT_TS_APP));
  writeFileSync(join(dir, 'src/vite-env.d.ts'), '/// <reference types="vite/client" />\n');
  // Each app's files side by side, under its own folder (the snippets import each other by path).
  for (const f of files) {
    const [app, , ...rest] = f.replace('e2e/fixtures/frameworks/', '').split('/');
    mkdirSync(join(dir, 'src', app!), { recursive: true });
    writeFileSync(join(dir, 'src', app!, rest.join('/')), readFileSync(join(ROOT, f)));
  }
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', dir], { encoding: 'utf8' });
  expect(`${r.stdout}${r.stderr}`).toBe('');
  expect(r.status).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------ html blocks

for (const b of BLOCKS.filter((x) => kind(x) === 'html')) {
  test(`html block works as a page against the collector: ${where(b)}`, async ({ page, baseURL, apiKey, collector }) => {
    const issues = await watchPage(page);
    const code = substitute(b.code, baseURL!, apiKey);
    expect(code, 'the block must load the widget').toMatch(/<script[^>]+src="[^"]*\/support-copilot\.js"/);
    const html = /<html/i.test(code)
      ? code
      : `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Docs snippet</title></head>\n<body>\n${code}\n</body></html>`;
    await page.route('**/__docs/page.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto('/__docs/page.html');
    const u = ui(page);
    await expect(u.launcher.or(u.dialog)).toBeVisible();
    await expect(u.host).toHaveCount(1);
    if (!(await u.dialog.isVisible())) await u.launcher.click();
    await u.input.fill('How do I install it?');
    await u.input.press('Enter');
    const answers = /chat-url|chat:/.test(code);
    if (answers) await expect(u.log).toContainText(INSTALL_ANSWER);
    await expect
      .poll(async () => Math.max(0, ...(await collector.log('/conversations')).filter((e) => e.status === 200).map((e) => e.messageCount)))
      .toBe(answers ? 2 : 1);
    expect(issues.pageErrors).toEqual([]);
    // A block without a chat endpoint gets the one documented console error naming the missing option.
    expect(issues.consoleErrors).toEqual(answers ? [] : [expect.stringMatching(/no answer source: set the `chat` option/)]);
    expect(await violations(page)).toEqual([]);
  });
}

// ------------------------------------------------------------------ the docs name everything the code has

function membersOf(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  for (const node of source.statements) {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      return node.members.map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : '')).filter(Boolean);
    }
  }
  throw new Error(`interface ${name} not found in ${file}`);
}

function literalsOf(file: string, name: string, property?: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (n: ts.Node, inProperty: boolean): void => {
    if (ts.isLiteralTypeNode(n) && ts.isStringLiteral(n.literal) && (inProperty || !property)) out.push(n.literal.text);
    n.forEachChild((c) => visit(c, inProperty || (!!property && ts.isPropertySignature(n) && ts.isIdentifier(n.name) && n.name.text === property)));
  };
  for (const node of source.statements) if (ts.isTypeAliasDeclaration(node) && node.name.text === name) visit(node.type, false);
  if (!out.length) throw new Error(`type ${name} not found in ${file}`);
  return out;
}

const doc = (name: string) => readFileSync(join(ROOT, 'docs', name), 'utf8');
/** Names not written as code in the text: `name`, `name(...)`, `name.x`, or with a prefix, `handle.name(...)`. */
const missing = (text: string, names: string[]) => names.filter((n) => !new RegExp(`\`(?:[\\w.]+\\.)?${n}[\`(.]`).test(text));

test('configuration.md names every option, attribute and string; api.md every method, command, event and error code', () => {
  const config = doc('configuration.md');
  expect(missing(config, membersOf('src/core/public-types.ts', 'LoggerConfig')), 'LoggerConfig options').toEqual([]);
  expect(missing(config, membersOf('src/widget-core/widget-types.ts', 'WidgetConfig')), 'WidgetConfig options').toEqual([]);
  expect(missing(config, membersOf('src/core/public-types.ts', 'PrivacyPreferences')), 'privacyPreferences flags').toEqual([]);
  expect(missing(config, membersOf('src/widget-core/widget-strings.ts', 'Strings')), 'strings').toEqual([]);
  const attributes = Object.keys(ATTRIBUTES).map((name) => 'data-' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
  expect(attributes.length).toBeGreaterThan(10);
  expect(attributes.filter((a) => !config.includes(`\`${a}\``)), 'data-* attributes').toEqual([]);

  const api = doc('api.md');
  expect(missing(api, membersOf('src/widget-core/widget-types.ts', 'SupportCopilot')), 'SupportCopilot methods').toEqual([]);
  expect(missing(api, membersOf('src/core/public-types.ts', 'ConversationLogger')), 'ConversationLogger methods').toEqual([]);
  expect(missing(api, membersOf('src/core/public-types.ts', 'ConversationHandle')), 'ConversationHandle members').toEqual([]);
  expect(missing(api, literalsOf('src/widget-core/widget-types.ts', 'WidgetEventName')), 'widget events').toEqual([]);
  expect(missing(api, literalsOf('src/core/public-types.ts', 'LoggerEvent', 'type')), 'logger events').toEqual([]);
  expect(missing(api, literalsOf('src/core/support-copilot-error.ts', 'ErrorCode')), 'error codes').toEqual([]);
  // Script-tag commands are the widget's methods by name (checked above), plus init.
  expect(api).toContain('| `init` |');
  for (const type of ['ready', 'open', 'close', 'message', 'error']) expect(api).toContain(`support-copilot:${type}`);
});

// ------------------------------------------------------------------ statements the code can check

/** The prose of the README and the docs (no code blocks), one sentence or table row at a time. */
function sentences(): { file: string; text: string }[] {
  return FILES.flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .replace(/```[^]*?```/g, '\n\n')
      .split(/\n\s*\n|\n(?=\|)|(?<!\b(?:e\.g|i\.e)\.)(?<=[.!?])\s+(?=[A-Z`])/)
      .map((text) => ({ file, text: text.replace(/\s+/g, ' ').trim() }))
      .filter((s) => s.text),
  );
}

/** What the code prints for these unknown keys, for the logger and for the widget. */
function unknownKeyWarnings(keys: string[]): string[] {
  const printed: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void printed.push(args.join(' '));
  try {
    const extra = Object.fromEntries(keys.map((k) => [k, 'x']));
    resolveLoggerConfig({ apiKey: 'k', ...extra });
    checkWidgetConfig({ apiKey: 'k', ...extra });
  } finally {
    console.warn = warn;
  }
  return printed;
}

test('what the docs say about unknown options and attributes is what the code does: ignored, with a warning', async ({ page, baseURL }) => {
  // The code: an unknown option is ignored with a warning naming it, by the logger and the widget.
  expect(unknownKeyWarnings(['analyticsURL'])).toEqual(['[SupportCopilot] unknown config keys ignored: analyticsURL', '[SupportCopilot] unknown config keys ignored: analyticsURL']);

  // The docs: every statement about unknown (or misspelt) options, keys or attributes says they
  // warn, and none says they do not.
  const about = sentences().filter(
    (s) =>
      /\b(unknown|misspel\w*|mistyped|unrecogni[sz]ed)\s+(`?data-\*`?\s+|config\s+)?(keys?|options?|attributes?)\b/i.test(s.text) ||
      /\b(keys?|options?|attributes?)\s+(the widget|the logger|it)\s+(does not|doesn't) (know|recogni[sz]e)\b/i.test(s.text),
  );
  expect(about.filter((s) => s.file === 'docs/configuration.md').length, 'configuration.md says what happens to unknown keys').toBeGreaterThanOrEqual(2);
  const wrong = about.filter((s) => !/\bwarn/i.test(s.text) || /without (a )?warning|no warning|silently|not warn/i.test(s.text));
  expect(wrong.map((s) => `${s.file}: ${s.text}`)).toEqual([]);

  // Warnings quoted in the docs are the ones the code prints.
  const quoted = [...FILES.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n').matchAll(/`(\[SupportCopilot\] unknown config keys ignored: ([\w, ]+))`/g)];
  expect(quoted.length).toBeGreaterThan(0);
  for (const [, message, keys] of quoted) expect(unknownKeyWarnings(keys!.split(', ')), message).toContain(message);

  // The script tag's unknown data-* attribute, in a page: ignored, with a warning naming it.
  const warnings: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  const html = `<!doctype html><html lang="en"><head><title>t</title></head><body><script async src="${baseURL}/support-copilot.js" data-api-key="test-unknown-attr" data-analytics-url="${baseURL}" data-colour="red"></script></body></html>`;
  await page.route('**/__docs/unknown-attribute.html', (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto('/__docs/unknown-attribute.html');
  await expect(ui(page).launcher).toBeVisible();
  expect(warnings.filter((w) => w.startsWith('[SupportCopilot] unknown attributes ignored:'))).toEqual(['[SupportCopilot] unknown attributes ignored: data-colour']);
});

const slug = (heading: string) => heading.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\w\s-]/g, '').replace(/\s/g, '-');

test('relative links between the docs resolve, anchors included', () => {
  const problems: string[] = [];
  for (const file of FILES) {
    const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[^]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:)/.test(target!)) continue;
      const [path, anchor] = target!.split('#') as [string, string?];
      const abs = path ? resolve(dirname(join(ROOT, file)), path) : join(ROOT, file);
      if (!existsSync(abs)) {
        problems.push(`${file}: ${target} (no such file)`);
        continue;
      }
      if (anchor && abs.endsWith('.md')) {
        const headings = [...readFileSync(abs, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!));
        if (!headings.includes(anchor)) problems.push(`${file}: ${target} (no heading #${anchor})`);
      }
    }
  }
  expect(problems).toEqual([]);
});

test('the README embeds the screenshot, and the file is there', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme).toMatch(/!\[[^\]]+\]\(docs\/screenshot\.png\)/);
  expect(existsSync(join(ROOT, 'docs/screenshot.png'))).toBe(true);
  const png = readFileSync(join(ROOT, 'docs/screenshot.png'));
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(10_000);
});

// ------------------------------------------------------------------ install.md's files are the ones built

/** The files install.md's "Serve the files" names (`support-copilot-locale-*.js` a pattern), as regular expressions. */
function servedFiles(): RegExp[] {
  const section = doc('install.md').split('## Serve the files')[1]!.split('\n## ')[0]!;
  const names = [...new Set([...section.matchAll(/`(support-copilot[\w*-]*\.js)`/g)].map((m) => m[1]!))];
  return names.map((n) => new RegExp(`^${n.replace(/\./g, '\\.').replace('*', '[a-z]{2}')}$`));
}

test('install.md names every file the script tag loads, as npm run build makes them in dist/, and a French page works with just those', async ({ page, baseURL, apiKey }) => {
  const named = servedFiles();
  const built = readdirSync(join(ROOT, 'dist')).filter((f) => /^support-copilot[\w-]*\.js$/.test(f));
  expect(built.length).toBeGreaterThan(3);
  expect(built.filter((f) => !named.some((n) => n.test(f))), 'built, not in install.md').toEqual([]);
  expect(named.filter((n) => !built.some((f) => n.test(f))).map(String), 'in install.md, not built').toEqual([]);
  const section = doc('install.md').split('## Serve the files')[1]!.split('\n## ')[0]!;
  const codes = [...section.matchAll(/`([a-z]{2})`/g)].map((m) => m[1]!).sort();
  expect(codes, 'the language codes listed').toEqual(built.filter((f) => f.includes('-locale-')).map((f) => f.slice(-5, -3)).sort());

  // A site that serves exactly those files from its own folder, and a page in French.
  const served: string[] = [];
  await page.route('**/__docs/cdn/*', (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    if (!named.some((n) => n.test(name))) return route.fulfill({ status: 404, body: 'not served' });
    served.push(name);
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(ROOT, 'dist', name)) });
  });
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Aide</title></head><body><main><h1>Aide</h1></main>
<script async src="/__docs/cdn/support-copilot.js" data-api-key="${apiKey}" data-analytics-url="${baseURL}" data-chat-url="/v1/chat/completions"></script></body></html>`;
  await page.route('**/__docs/fr.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  const issues = await watchPage(page);
  await page.goto('/__docs/fr.html');
  const launcher = page.getByRole('button', { name: 'Ouvrir le chat d’assistance' });
  await expect(launcher).toBeVisible();
  await launcher.click();
  await expect(page.getByRole('dialog', { name: 'Assistance' })).toBeVisible();
  expect(served.sort()).toEqual(['support-copilot-core.js', 'support-copilot-locale-fr.js', 'support-copilot-panel.js', 'support-copilot-work.js', 'support-copilot.js']);
  expect(issues.consoleErrors).toEqual([]);
});

test('what install.md says of a page whose language pack is not served: English, and a panel_unavailable error naming the file', async ({ page, baseURL, apiKey }) => {
  await page.route('**/support-copilot-locale-*.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Aide</title></head><body><main><h1>Aide</h1></main>
<script async src="/support-copilot.js" data-api-key="${apiKey}" data-analytics-url="${baseURL}"></script></body></html>`;
  await page.route('**/__docs/fr-no-pack.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await watchPage(page);
  await page.goto('/__docs/fr-no-pack.html');
  await expect(ui(page).launcher).toBeVisible();
  await expect.poll(async () => (await scEvents(page)).filter((e) => e.type === 'error').map((e) => e.detail)).toEqual([
    { code: 'panel_unavailable', message: expect.stringContaining('support-copilot-locale-fr.js') },
  ]);
  expect(doc('install.md')).toMatch(/`support-copilot:error` \(`panel_unavailable`\) naming the file/);
});
