/**
 * Never throw into the page, as a class: every function our source hands the browser to call from
 * its own task (a timer, a frame, a microtask, an event listener, an `on...` handler, an observer)
 * is found here by parsing src/ (never a hand-kept list), and each must be one that cannot throw:
 * wrapped by `guarded`/`guard` (core/guarded.ts: the error is reported, never thrown), or a
 * `resolve`/`reject` of the `new Promise` around it (they never throw). An error thrown from such a
 * callback would reach the page's `window.onerror` (its error tracker, its own handlers).
 * Preact's `on...` props are guarded where the panel renders (ui/panel/guard-handlers.ts) and
 * tested in the browser (e2e/panel-handlers.spec.ts).
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const sources = walk(SRC).filter((f) => /\.tsx?$/.test(f) && !/\.(test|harness|fixture)\.tsx?$/.test(f));

const SCHEDULERS = new Set(['setTimeout', 'setInterval', 'requestAnimationFrame', 'requestIdleCallback', 'queueMicrotask']);
const OBSERVERS = new Set(['MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'PerformanceObserver']);

interface Site {
  where: string;
  kind: string;
  callback: ts.Expression;
}

/** The callbacks handed to the browser in one file. */
function sitesOf(file: string): Site[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: Site[] = [];
  const at = (n: ts.Node) => `${relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
  const nameOf = (e: ts.Expression) => (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : '');
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n)) {
      const name = nameOf(n.expression);
      if (SCHEDULERS.has(name) && n.arguments[0]) out.push({ where: at(n), kind: name, callback: n.arguments[0] });
      if (name === 'addEventListener' && n.arguments[1]) out.push({ where: at(n), kind: 'addEventListener', callback: n.arguments[1] });
    }
    if (ts.isNewExpression(n) && OBSERVERS.has(nameOf(n.expression)) && n.arguments?.[0]) out.push({ where: at(n), kind: `new ${nameOf(n.expression)}`, callback: n.arguments[0] });
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && /^on[a-z]+$/.test(n.left.name.text)) {
      // `a.onsuccess = b.onerror = fn`: the handler is what the chain ends with.
      let value: ts.Expression = n.right;
      while (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) value = value.right;
      out.push({ where: at(n), kind: n.left.name.text, callback: value });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const isGuardCall = (e: ts.Expression) => ts.isCallExpression(e) && ts.isIdentifier(e.expression) && /^guard(ed)?$/.test(e.expression.text);
const bare = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) ? bare(e.expression) : e);

/** The `new Promise((resolve, reject) => ...)` executor parameter this identifier names, if it names one. */
function executorParam(id: ts.Identifier): boolean {
  for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
    if ((ts.isArrowFunction(p) || ts.isFunctionExpression(p)) && ts.isNewExpression(p.parent) && ts.isIdentifier(p.parent.expression) && p.parent.expression.text === 'Promise') {
      if (p.parameters.some((q) => ts.isIdentifier(q.name) && q.name.text === id.text)) return true;
    }
  }
  return false;
}

/** A `const name = guard(...)` (or `guarded`) in the same file. */
function declaredGuarded(id: ts.Identifier): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === id.text && n.initializer && isGuardCall(bare(n.initializer))) found = true;
    if (!found) ts.forEachChild(n, visit);
  };
  visit(id.getSourceFile());
  return found;
}

/**
 * Whether a callback cannot throw: a guard's wrapper (inline or a `const` of this file), a
 * resolve/reject of the enclosing `new Promise`, or an arrow that only calls one with names or literals.
 */
function cannotThrow(cb: ts.Expression): boolean {
  const e = bare(cb);
  if (isGuardCall(e)) return true;
  if (ts.isIdentifier(e)) return executorParam(e) || declaredGuarded(e);
  if (ts.isArrowFunction(e) && !ts.isBlock(e.body)) {
    const body = bare(e.body);
    return ts.isCallExpression(body) && ts.isIdentifier(body.expression) && executorParam(body.expression) && body.arguments.every((a) => ts.isIdentifier(a) || ts.isLiteralExpression(a) || a.kind === ts.SyntaxKind.UndefinedKeyword);
  }
  return false;
}

/** The one place allowed to throw from a task of its own: the page's own callback threw, and its error goes to the page. */
const insideRethrow = (n: ts.Node): boolean => {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if ((ts.isFunctionDeclaration(p) || ts.isVariableDeclaration(p)) && p.name && ts.isIdentifier(p.name) && p.name.text === 'rethrowToPage') return true;
  return false;
};

const all = sources.flatMap(sitesOf);

describe('callbacks handed to the browser', () => {
  it('are found (the parser sees the tree)', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(new Set(all.map((s) => s.kind)).size).toBeGreaterThan(6);
  });
  it('cannot throw into the page: each is guarded, or a promise executor\'s resolve/reject', () => {
    expect(all.filter((s) => !cannotThrow(s.callback) && !insideRethrow(s.callback)).map((s) => `${s.where} ${s.kind}: ${s.callback.getText().slice(0, 60).replace(/\s+/g, ' ')}`)).toEqual([]);
  });
});
