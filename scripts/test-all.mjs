#!/usr/bin/env node
/**
 * `npm test`: every suite, in order, each one run even when an earlier one failed (a chain of `&&`
 * let one failing unit test skip e2e and the reliability suite entirely), then a summary of which
 * failed; exits 1 if any did. `node scripts/test-all.mjs unit e2e` runs only those.
 * Durations are printed for the record; nothing is judged by them.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** [name, command]: the npm scripts behind each, in the order that lets later ones use earlier output. */
export const SUITES = [
  ['typecheck', 'npm run typecheck'],
  ['build', 'npm run build'],
  ['size', 'npm run size'],
  ['unit', 'npm run test:unit'],
  ['e2e', 'npm run test:e2e'],
  ['firefox', 'npm run test:firefox'],
  ['engines', 'npm run test:engines'],
  // Last: its summary names the engines the runs above covered.
  ['reliability', 'npm run test:reliability'],
];

/**
 * What of a failed suite's output is printed again before the summary: the first failure report
 * (its title, error and diff, up to FAILURE_LINES lines) and the last TAIL_LINES lines. The CI
 * record keeps only the end of the log, and a suite's own closing summary (the reliability ledger)
 * pushed the failing assertion's diff out of a plain tail.
 */
export const FAILURE_LINES = 30;
export const TAIL_LINES = 10;
/** Where a test runner starts a failure report: Playwright's `  1) [project] › file:line › title`, Vitest's `FAIL  file > title`. */
export const FAILURE_START = /^\s*(\d+\) .*›|FAIL\s+\S+\.(test|spec)\.\w+ )/;

/**
 * Runs `suites` one after the other with `exec` (command -> exit code, or { code, tail }: its last
 * output lines); returns the failed names. A failed suite's tail is printed again just before the
 * summary: a CI log is often read from its end only, and the failing test's name was far above it.
 */
export async function runAll(suites, exec, log = console.log) {
  const results = [];
  for (const [name, command] of suites) {
    const started = Date.now();
    log(`\n=== ${name}: ${command}`);
    let code;
    let tail = [];
    try {
      const r = await exec(command);
      if (typeof r === 'number') code = r;
      else ({ code, tail = [] } = r);
    } catch (e) {
      log(`${name}: could not run (${e?.message ?? e})`);
      code = -1;
    }
    results.push({ name, code, tail, s: (Date.now() - started) / 1000 });
  }
  for (const r of results) {
    if (r.code === 0 || !r.tail.length) continue;
    log(`\n=== ${r.name} failed; its first failure and last lines again:`);
    for (const line of r.tail) log(line);
  }
  log('\n=== summary');
  for (const r of results) log(`${r.code === 0 ? 'passed' : 'FAILED'}  ${r.name.padEnd(12)} ${r.s.toFixed(0).padStart(5)} s${r.code === 0 ? '' : `  (exit ${r.code})`}`);
  const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
  log(failed.length ? `npm test: ${failed.length} of ${results.length} suites failed: ${failed.join(', ')}` : `npm test: all ${results.length} suites passed`);
  return failed;
}

/** Keeps, without ANSI colours, the first failure report (`head` lines from FAILURE_START) and the last `n` lines of what is written. */
export function lineTail(n = TAIL_LINES, head = FAILURE_LINES) {
  let tail = [];
  const block = [];
  let seen = 0;
  let blockStart = -1;
  let partial = '';
  // eslint-disable-next-line no-control-regex
  const plain = (l) => l.replace(/\x1b\[[0-9;]*m/g, '');
  const add = (line) => {
    const l = plain(line);
    if (blockStart < 0 && FAILURE_START.test(l)) blockStart = seen;
    if (blockStart >= 0 && seen - blockStart < head) block.push(l);
    tail.push([seen++, l]);
    if (tail.length > n) tail = tail.slice(-n);
  };
  return {
    write(chunk) {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      parts.forEach(add);
    },
    lines() {
      const last = [...tail, ...(partial ? [[seen, plain(partial)]] : [])].slice(-n);
      const blockEnd = blockStart + block.length;
      const rest = last.filter(([i]) => i >= blockEnd || blockStart < 0).map(([, l]) => l);
      if (blockStart < 0) return rest;
      return [...block, ...(rest.length && last[0][0] > blockEnd ? ['[…]'] : []), ...rest];
    },
  };
}

const shell = (command) =>
  new Promise((resolve, reject) => {
    const tail = lineTail();
    const child = spawn(command, { shell: true, stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (process.stdout.write(d), tail.write(d.toString())));
    child.stderr.on('data', (d) => (process.stderr.write(d), tail.write(d.toString())));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), tail: tail.lines() }));
  });

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !SUITES.some(([s]) => s === n));
  if (unknown.length) {
    console.error(`unknown suite(s): ${unknown.join(', ')} (known: ${SUITES.map(([s]) => s).join(', ')})`);
    process.exit(2);
  }
  const failed = await runAll(only.length ? SUITES.filter(([s]) => only.includes(s)) : SUITES, shell);
  process.exit(failed.length ? 1 : 0);
}
