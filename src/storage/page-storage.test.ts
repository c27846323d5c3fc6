/**
 * Blocked site data is a class, not a case: with storage blocked the getters of `localStorage`,
 * `sessionStorage`, `indexedDB` and `document.cookie` throw, and one unguarded read anywhere (the
 * panel chunk's ticket store read `globalThis.indexedDB` as a default parameter) kept the chat
 * from opening. So no source file but `page-storage.ts` may touch them: this test reads every
 * source with the TypeScript parser and lists each raw access.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageIndexedDB, readCookies, webStorage, writeCookie } from './page-storage.ts';

const SRC = fileURLToPath(new URL('../', import.meta.url));
const ACCESSOR = 'storage/page-storage.ts';
const NAMES = new Set(['localStorage', 'sessionStorage', 'indexedDB']);
/** Names of the page's global object: `window.localStorage`, `globalThis[name]`. */
const GLOBALS = new Set(['window', 'self', 'globalThis', 'top', 'parent', 'frames', 'document']);

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const isSupport = (f: string) => /\.(test|harness|fixture)\.tsx?$/.test(f);

/** Raw accesses in one file's text, as `line: code`. */
function rawStorageAccesses(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const flag = (n: ts.Node) => found.push(`${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText()}`);
  const isGlobal = (e: ts.Expression) => ts.isIdentifier(e) && GLOBALS.has(e.text);
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && NAMES.has(n.text)) {
      const p = n.parent;
      // A name, not a read of the global: `deps.indexedDB`, `{ indexedDB: x }`, `indexedDB?: IDBFactory`, a type.
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === n) ||
        ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === n) ||
        ((ts.isVariableDeclaration(p) || ts.isParameter(p)) && p.name === n) ||
        (ts.isBindingElement(p) && (p.name === n || p.propertyName === n)) ||
        ts.isTypeReferenceNode(p) ||
        ts.isQualifiedName(p);
      if (!isName) flag(n);
    }
    if (ts.isPropertyAccessExpression(n)) {
      const name = n.name.text;
      if (name === 'cookie' || (NAMES.has(name) && isGlobal(n.expression))) flag(n);
    }
    // `globalThis[name]`, `window['localStorage']`: a dynamic read of the page's globals.
    if (ts.isElementAccessExpression(n) && isGlobal(n.expression)) flag(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('raw storage access', () => {
  it('finds every kind of raw access, and not names that merely look alike', () => {
    const raw = [
      'localStorage.getItem("k");',
      'const t = typeof sessionStorage;',
      'window.indexedDB.open("x");',
      'globalThis[name];',
      "window['localStorage'];",
      'doc.cookie = "a=b";',
      'const c = document.cookie;',
      'const { indexedDB: f = indexedDB } = o;',
      'use(localStorage);',
    ];
    for (const code of raw) expect(rawStorageAccesses('x.ts', code), code).toHaveLength(1);
    const names = [
      'deps.indexedDB;',
      'const d = { indexedDB: undefined, sessionStorage: () => undefined };',
      "type A = 'localStorage' | 'sessionStorage';",
      'interface D { indexedDB?: IDBFactory; sessionStorage?: () => Storage }',
      '// localStorage.getItem in a comment',
      "const s = 'document.cookie';",
      "if ('indexedDB' in deps) f();",
    ];
    for (const code of names) expect(rawStorageAccesses('x.ts', code), code).toEqual([]);
  });

  it('no source file but page-storage.ts reads localStorage, sessionStorage, indexedDB or document.cookie', () => {
    const sources = walk(SRC).filter((f) => /\.tsx?$/.test(f) && !isSupport(f));
    expect(sources.length).toBeGreaterThan(100);
    const offenders = sources
      .map((f) => relative(SRC, f))
      .filter((f) => f !== ACCESSOR)
      .flatMap((f) => rawStorageAccesses(f, readFileSync(join(SRC, f), 'utf8')).map((hit) => `${f}:${hit}`));
    expect(offenders).toEqual([]);
    // The accessor itself is where they are read (so the check above looks at the right names).
    expect(rawStorageAccesses(ACCESSOR, readFileSync(join(SRC, ACCESSOR), 'utf8')).length).toBeGreaterThan(0);
  });
});

describe('page-storage', () => {
  const blocked = () => {
    throw new Error('SecurityError');
  };
  it('reads a throwing getter as absent, and a working one as it is', () => {
    const g = globalThis as Record<string, unknown>;
    const before = Object.getOwnPropertyDescriptors(g);
    try {
      for (const name of ['localStorage', 'sessionStorage', 'indexedDB']) Object.defineProperty(g, name, { configurable: true, get: blocked });
      expect([webStorage('localStorage'), webStorage('sessionStorage'), pageIndexedDB()]).toEqual([undefined, undefined, undefined]);
      const area = { getItem: () => null } as unknown as Storage;
      Object.defineProperty(g, 'localStorage', { configurable: true, value: area });
      expect(webStorage('localStorage')).toBe(area);
    } finally {
      for (const name of ['localStorage', 'sessionStorage', 'indexedDB']) {
        const d = before[name];
        if (d) Object.defineProperty(g, name, d);
        else delete g[name];
      }
    }
  });

  it('cookies: blocked reads as none and a blocked write says so', () => {
    const doc = Object.defineProperty({}, 'cookie', { get: blocked, set: blocked }) as Document;
    expect(readCookies(doc)).toBe('');
    expect(writeCookie(doc, 'a=b')).toBe(false);
    expect(readCookies(undefined)).toBe('');
    let jar = 'x=1';
    const ok = Object.defineProperty({}, 'cookie', { get: () => jar, set: (v: string) => void (jar = v) }) as Document;
    expect(writeCookie(ok, 'a=b')).toBe(true);
    expect(readCookies(ok)).toBe('a=b');
  });
});
