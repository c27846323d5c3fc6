/**
 * Rules about how the widget's own code is written, checked on every source file under src/ (tests
 * and harnesses aside), so a new file cannot break them unnoticed.
 */
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const sources = walk(SRC).filter((f) => /\.tsx?$/.test(f) && !/\.(test|harness|fixture)\.tsx?$/.test(f));

/** Every call in the sources, with where it is. */
function calls(): { file: string; line: number; node: ts.CallExpression }[] {
  const out: { file: string; line: number; node: ts.CallExpression }[] = [];
  for (const file of sources) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n)) out.push({ file: relative(SRC, file), line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, node: n });
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

describe('source rules', () => {
  it('never gives String#replace a replacement string built from data (its $ patterns would read the data)', () => {
    const bad = calls()
      .filter(({ node }) => ts.isPropertyAccessExpression(node.expression) && /^replace(All)?$/.test(node.expression.name.text) && node.arguments.length === 2)
      .filter(({ node }) => {
        const r = node.arguments[1]!;
        return !(ts.isStringLiteral(r) || ts.isNoSubstitutionTemplateLiteral(r) || ts.isArrowFunction(r) || ts.isFunctionExpression(r));
      })
      .map(({ file, line, node }) => `${file}:${line}: ${node.getText().slice(0, 80)}`);
    expect(bad).toEqual([]);
  });

  it("settles promises with then() only, never catch() or finally(): they are a page's to replace (12-builtins.spec.ts, throws mode), and what they call, then(), is the one every promise needs anyway", () => {
    const bad = calls()
      .filter(({ node }) => ts.isPropertyAccessExpression(node.expression) && /^(catch|finally)$/.test(node.expression.name.text))
      .map(({ file, line, node }) => `${file}:${line}: ${node.getText().slice(0, 80)}`);
    expect(bad).toEqual([]);
  });
});
