/**
 * Never an unhandled rejection for the page, as a class: every promise our source starts as a
 * statement (`p;`, `void p;`, `p.then(f);`) is awaited or ends in a handler (`.then(undefined, f)`, or
 * `.then(f, onRejected)`); a rejection left unhandled reaches the page's `unhandledrejection`
 * (its error tracker). Found with the type checker over src/ (never a hand-kept list). A promise
 * assigned to a variable or property is its holder's to handle, and not checked here.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function floating(): string[] {
  const cfg = ts.getParsedCommandLineOfConfigFile(`${ROOT}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const files = cfg.fileNames.filter((f) => f.startsWith(`${ROOT}src/`) && !/\.(test|harness|fixture)\.tsx?$/.test(f));
  const program = ts.createProgram(files, cfg.options);
  const checker = program.getTypeChecker();
  const isPromise = (t: ts.Type): boolean => !!checker.getPromisedTypeOfPromise(t) || (t.isUnion() && t.types.some(isPromise));
  const handled = (e: ts.Expression): boolean => {
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (ts.isBinaryExpression(e) && e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
    if (ts.isAwaitExpression(e)) return true;
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      const n = e.expression.name.text;
      return n === 'catch' || (n === 'then' && e.arguments.length >= 2);
    }
    return false;
  };
  const out: string[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!files.includes(sf.fileName)) continue;
    const visit = (n: ts.Node) => {
      const e = ts.isExpressionStatement(n) ? n.expression : ts.isVoidExpression(n) ? n.expression : undefined;
      if (e && !ts.isVoidExpression(e) && !handled(e) && isPromise(checker.getTypeAtLocation(e))) {
        out.push(`${sf.fileName.slice(ROOT.length)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} ${e.getText(sf).slice(0, 70).replace(/\s+/g, ' ')}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

describe('promises our source starts', () => {
  it('are awaited, held, or end in a rejection handler', () => {
    expect(floating()).toEqual([]);
  }, 60_000);
});
