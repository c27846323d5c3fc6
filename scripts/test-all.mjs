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

/** How many of a failed suite's last output lines are printed again before the summary. */
export const TAIL_LINES = 40;

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
    log(`\n=== ${r.name} failed; its last ${r.tail.length} lines again:`);
    for (const line of r.tail) log(line);
  }
  log('\n=== summary');
  for (const r of results) log(`${r.code === 0 ? 'passed' : 'FAILED'}  ${r.name.padEnd(12)} ${r.s.toFixed(0).padStart(5)} s${r.code === 0 ? '' : `  (exit ${r.code})`}`);
  const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
  log(failed.length ? `npm test: ${failed.length} of ${results.length} suites failed: ${failed.join(', ')}` : `npm test: all ${results.length} suites passed`);
  return failed;
}

/** Keeps the last `n` lines of what is written, without ANSI colours. */
export function lineTail(n = TAIL_LINES) {
  let lines = [];
  let partial = '';
  return {
    write(chunk) {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length > n) lines = lines.slice(-n);
    },
    // eslint-disable-next-line no-control-regex
    lines: () => [...lines, ...(partial ? [partial] : [])].slice(-n).map((l) => l.replace(/\x1b\[[0-9;]*m/g, '')),
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
