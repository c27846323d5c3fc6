/**
 * The layout docs/architecture.md describes, checked on the tree as it is: which files may sit
 * directly in src/, folders in layers whose imports only point down (type imports too), no import
 * cycle between files, size limits on files and on the composition roots' functions, and the
 * architecture page naming every folder. Test, harness and fixture files are outside the layers.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(root, 'src');

/** Lower layers first: a folder may import its own files and those of layers below it. */
export const LAYERS: string[][] = [
  ['core'],
  ['widget-core', 'markdown'],
  ['storage', 'locales'],
  ['transport', 'tickets'],
  ['logger'],
  ['chat'],
  ['around'],
  ['ui/shell'],
  ['ui/panel'],
  ['widget'],
  ['entries'],
  ['.'],
];
const ENTRY_POINTS = ['embed.ts', 'headless.ts', 'index.ts'];
const ROOTS = ['logger', 'widget'];
const MAX_FILE_LINES = 300;
const MAX_ROOT_FUNCTION_LINES = 80;

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const isSupport = (f: string) => /\.(test|harness|fixture)\.tsx?$/.test(f);
const sources = walk(SRC).filter((f) => /\.tsx?$/.test(f) && !isSupport(f));
const rel = (f: string) => relative(SRC, f);
const folderOf = (f: string) => {
  const d = dirname(rel(f));
  return d.startsWith('ui/') || d === '.' ? d : d.split('/')[0]!;
};
const rank = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));

function importsOf(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    const spec =
      (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)
        ? n.moduleSpecifier.text
        : ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteralLike(n.arguments[0]!)
          ? n.arguments[0].text
          : ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)
            ? n.argument.literal.text
            : undefined;
    if (spec?.startsWith('.')) out.push(resolve(dirname(file), spec));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('the layout of src/', () => {
  it('holds only the package entry points directly in src/', () => {
    expect(readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isFile()).sort()).toEqual(ENTRY_POINTS);
  });

  it('puts every folder in a layer', () => {
    expect([...new Set(sources.map(folderOf))].filter((f) => rank(f) < 0)).toEqual([]);
  });

  it('has no import that points up a layer', () => {
    const up = sources.flatMap((f) =>
      importsOf(f)
        .filter((t) => t.startsWith(SRC))
        .filter((t) => rank(folderOf(t)) > rank(folderOf(f)) || (rank(folderOf(t)) === rank(folderOf(f)) && folderOf(t) !== folderOf(f)))
        .map((t) => `${rel(f)} -> ${rel(t)}`),
    );
    expect(up).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const graph = new Map(sources.map((f) => [f, importsOf(f).filter((t) => sources.includes(t))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') return void cycles.push([...path.slice(path.indexOf(f)), f].map(rel).join(' -> '));
      state.set(f, 'open');
      for (const t of graph.get(f)!) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of sources) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it(`keeps every source file within ${MAX_FILE_LINES} lines`, () => {
    const long = sources.map((f) => [rel(f), readFileSync(f, 'utf8').split('\n').length - 1] as const).filter(([, n]) => n > MAX_FILE_LINES);
    expect(long).toEqual([]);
  });

  it(`keeps the composition roots' functions within ${MAX_ROOT_FUNCTION_LINES} lines`, () => {
    const long: string[] = [];
    for (const f of sources.filter((s) => ROOTS.includes(folderOf(s)))) {
      const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (n: ts.Node) => {
        if (ts.isFunctionLike(n) && 'body' in n && n.body) {
          const lines = sf.getLineAndCharacterOfPosition(n.getEnd()).line - sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
          if (lines > MAX_ROOT_FUNCTION_LINES) long.push(`${rel(f)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} (${lines} lines)`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });

  it('is described folder by folder in docs/architecture.md', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8');
    const folders = [...new Set(sources.map(folderOf))].filter((f) => f !== '.');
    expect(folders.filter((f) => !doc.includes(`src/${f}/`))).toEqual([]);
  });
});
