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

/** Runs `suites` one after the other with `exec` (command -> exit code); returns the failed names. */
export async function runAll(suites, exec, log = console.log) {
  const results = [];
  for (const [name, command] of suites) {
    const started = Date.now();
    log(`\n=== ${name}: ${command}`);
    let code;
    try {
      code = await exec(command);
    } catch (e) {
      log(`${name}: could not run (${e?.message ?? e})`);
      code = -1;
    }
    results.push({ name, code, s: (Date.now() - started) / 1000 });
  }
  log('\n=== summary');
  for (const r of results) log(`${r.code === 0 ? 'passed' : 'FAILED'}  ${r.name.padEnd(12)} ${r.s.toFixed(0).padStart(5)} s${r.code === 0 ? '' : `  (exit ${r.code})`}`);
  const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
  log(failed.length ? `npm test: ${failed.length} of ${results.length} suites failed: ${failed.join(', ')}` : `npm test: all ${results.length} suites passed`);
  return failed;
}

const shell = (command) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
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
