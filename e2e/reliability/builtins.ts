/**
 * Node side of family 12: which standard built-ins the BUILT bundles reference, read from their
 * text with the TypeScript parser (never a hand-kept list), matched against the members of a real
 * browser realm (builtins-page.ts `realmMembers`, collected in Chromium at test time).
 *
 * A bundle references a member when it names it: `x.name`, `x?.name`, `x['name']`, a shorthand or
 * free identifier for the global object's members (`fetch`, `structuredClone`), or through syntax
 * the engine turns into a lookup: `for...of`, spread and array destructuring read `@@iterator` and
 * `next`; `for await` reads `@@asyncIterator`; `instanceof` reads `@@hasInstance`; `await` reads
 * `then` and `constructor`; template literals and `+` read `@@toPrimitive`, `toString`, `valueOf`;
 * the string methods that take a RegExp read its `@@match`/`@@replace`/... and `exec`.
 */
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import type { RealmMember } from './builtins-page.ts';

export interface BundleReferences {
  /** Names read as properties (of anything: the match with the realm decides which are built-ins). */
  properties: Set<string>;
  /** Free identifiers (candidates for the global object's members). */
  identifiers: Set<string>;
}

/** Syntax and the member names the engine looks up for it. */
const SYNTAX: [test: (n: ts.Node) => boolean, names: string[]][] = [
  [(n) => ts.isForOfStatement(n) || ts.isSpreadElement(n) || ts.isArrayBindingPattern(n) || (ts.isYieldExpression(n) && !!n.asteriskToken), ['@@iterator', 'next', 'return']],
  [(n) => ts.isForOfStatement(n) && !!n.awaitModifier, ['@@asyncIterator']],
  [(n) => ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword, ['@@hasInstance', 'prototype']],
  [(n) => ts.isAwaitExpression(n) || (ts.isFunctionLike(n) && !!ts.getModifiers(n as ts.FunctionDeclaration)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)), ['then', 'constructor']],
  [(n) => ts.isTemplateExpression(n) || (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken), ['@@toPrimitive', 'toString', 'valueOf']],
  [(n) => ts.isRegularExpressionLiteral(n), ['exec', 'lastIndex', 'flags', 'global', 'unicode', 'sticky', '@@match', '@@matchAll', '@@replace', '@@search', '@@split', '@@species']],
];

const isDeclarationName = (n: ts.Identifier): boolean => {
  const p = n.parent;
  return (
    ((ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === n) ||
    ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isBindingElement(p)) && p.name === n) ||
    ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)
  );
};

export function bundleReferences(files: string[]): BundleReferences {
  const properties = new Set<string>();
  const identifiers = new Set<string>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAccessExpression(n)) properties.add(n.name.text);
      else if (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression)) properties.add(n.argumentExpression.text);
      else if (ts.isIdentifier(n) && !isDeclarationName(n)) identifiers.add(n.text);
      // Destructuring reads properties too: `const { a, b: c } = o`.
      else if (ts.isBindingElement(n) && ts.isObjectBindingPattern(n.parent)) {
        const name = n.propertyName ?? n.name;
        if (ts.isIdentifier(name) || ts.isStringLiteralLike(name)) properties.add(name.text);
      }
      for (const [test, names] of SYNTAX) if (test(n)) for (const k of names) properties.add(k);
      ts.forEachChild(n, visit);
    };
    visit(source);
  }
  return { properties, identifiers };
}

/** The global names ECMAScript itself defines (a fresh V8 realm without a host): the rest are Web APIs. */
export const ECMASCRIPT_GLOBALS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(runInNewContext('globalThis')));

/** Whether an owner label (`Array.prototype`, `%ArrayIteratorPrototype%`, `Intl.DateTimeFormat`) is ECMAScript's own. */
export const isEcmaScriptOwner = (owner: string): boolean => owner.startsWith('%') || (owner !== 'globalThis' && ECMASCRIPT_GLOBALS.has(owner.split('.')[0]!));

export interface Candidate extends RealmMember {
  /** `Array.from`, `Array.prototype.map`, `globalThis.fetch`, `Array.prototype[@@iterator]` */
  id: string;
}

/** The realm's members the bundles reference: a property name on any owner but the global object, or a free identifier on it. */
export function referencedMembers(realm: RealmMember[], refs: BundleReferences): Candidate[] {
  const out: Candidate[] = [];
  for (const m of realm) {
    const named = m.owner === 'globalThis' ? refs.identifiers.has(m.key) || refs.properties.has(m.key) : refs.properties.has(m.key);
    if (named) out.push({ ...m, id: m.key.startsWith('@@') ? `${m.owner}[${m.key}]` : `${m.owner}.${m.key}` });
  }
  return out;
}
