#!/usr/bin/env node
/**
 * Reads the reliability run (`test-results/reliability/_run.json`, written by the manifest
 * reporter) and the ledger lines the scenarios wrote, prints the slowest scenarios, and ends with
 * one line:
 *   reliability: S scenarios, M messages appended, M delivered, 0 lost, 0 duplicated, 0 shrunk
 * Exits 1 when a scenario failed or did not run, a ledger line is missing, fewer than 20 scenarios
 * ran, or anything was lost, duplicated, shrunk or stored unasked. Scenarios marked `test.fail()`
 * (known bugs, reported) are listed apart and kept out of the totals.
 * Before it, a line naming the engines that ran: Chromium (these scenarios, e2e), and Firefox and
 * WebKitGTK from the cross-engine suite (test-results/engines/summary.json) and Playwright's Firefox
 * run (test-results/firefox/results.json), when they ran.
 * Also requires the property test of the pure outbox logic (src/core/outbox-record.property.test.ts,
 * run by `npm run test:reliability` into property.json) to have passed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const DIR = 'test-results/reliability';
const MIN_SCENARIOS = 20;
const problems = [];

if (!existsSync(`${DIR}/_run.json`)) {
  console.log(`reliability: no run found (${DIR}/_run.json); did playwright start?`);
  process.exit(1);
}
const run = JSON.parse(readFileSync(`${DIR}/_run.json`, 'utf8'));
const rows = [];
const known = [];
for (const t of run.tests) {
  if (t.status === 'skipped') continue;
  const file = `${DIR}/${t.testId}.json`;
  const line = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  if (t.status !== t.expectedStatus) problems.push(`${t.name}: ${t.status} (expected ${t.expectedStatus})`);
  if (!line) {
    problems.push(`${t.name}: no ledger line`);
    continue;
  }
  if (t.expectedStatus === 'failed') {
    known.push({ ...line, durationMs: t.durationMs });
    continue;
  }
  rows.push({ ...line, durationMs: t.durationMs });
  for (const k of ['lost', 'duplicated', 'shrunk', 'extra']) if (line[k] > 0) problems.push(`${t.name}: ${line[k]} ${k}`);
}
const PROPERTY = `${DIR}/property.json`;
let property = 'property test: not run';
if (!existsSync(PROPERTY)) problems.push(`property test result missing (${PROPERTY})`);
else {
  const p = JSON.parse(readFileSync(PROPERTY, 'utf8'));
  const cases = p.testResults.flatMap((r) => r.assertionResults);
  property = `property test (src/core/outbox-record.property.test.ts): ${cases.filter((c) => c.status === 'passed').length}/${cases.length} properties passed`;
  if (!p.success || cases.length === 0) problems.push(`${property}; failing: ${cases.filter((c) => c.status !== 'passed').map((c) => c.title).join('; ')}`);
}

const sum = (k) => rows.reduce((a, r) => a + r[k], 0);
const totals = { appended: sum('appended'), delivered: sum('delivered'), lost: sum('lost'), duplicated: sum('duplicated'), shrunk: sum('shrunk') };
if (rows.length < MIN_SCENARIOS) problems.push(`only ${rows.length} scenarios ran (at least ${MIN_SCENARIOS} expected)`);
if (totals.appended !== totals.delivered) problems.push(`${totals.appended} appended but ${totals.delivered} delivered`);

/** "engines: chromium 156 (...), firefox-esr 153.8.0 (...), webkitgtk 2.50.6 (...)" from what ran. */
function enginesLine() {
  const parts = [];
  try {
    const v = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).match(/[\d.]+/)?.[0];
    parts.push(`chromium ${v} (e2e, reliability)`);
  } catch {
    parts.push('chromium (e2e, reliability)');
  }
  const FIREFOX = 'test-results/firefox/results.json';
  const firefox = existsSync(FIREFOX) ? JSON.parse(readFileSync(FIREFOX, 'utf8')).stats : null;
  const ENGINES = 'test-results/engines/summary.json';
  const runs = existsSync(ENGINES) ? JSON.parse(readFileSync(ENGINES, 'utf8')).engines : [];
  for (const r of runs) {
    const n = (s) => r.results.filter((x) => x.status === s).length;
    const extra = r.engine === 'firefox' && firefox ? `; Playwright over BiDi: ${firefox.expected} e2e tests passed, ${firefox.unexpected} failed, ${firefox.skipped} skipped` : '';
    parts.push(r.error ? `${r.engine} (did not start)` : `${r.name} (${n('passed')} scenarios passed, ${n('failed')} failed${n('skipped') ? `, ${n('skipped')} skipped` : ''}${extra})`);
  }
  if (!runs.length) parts.push('no other engine (npm run test:engines did not run)');
  return `engines: ${parts.join(', ')}`;
}

const secs = (ms) => `${(ms / 1000).toFixed(1).padStart(5)} s`;
console.log('');
console.log(`slowest scenarios (suite wall time ${(run.durationMs / 1000).toFixed(1)} s):`);
for (const r of [...rows, ...known].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5)) console.log(`  ${secs(r.durationMs)}  ${r.family} › ${r.name}`);
const refused = sum('refused');
const quarantined = sum('quarantined');
if (refused || quarantined) console.log(`refused at the door on purpose: ${refused} message(s); quarantined on purpose: ${quarantined} (not counted as appended)`);
console.log(property);
for (const k of known) console.log(`known bug (test.fail): ${k.family} › ${k.name}: ${k.lost} lost, ${k.duplicated} duplicated, ${k.shrunk} shrunk`);
for (const p of problems) console.log(`FAIL ${p}`);
console.log(enginesLine());
console.log(`reliability: ${rows.length} scenarios, ${totals.appended} messages appended, ${totals.delivered} delivered, ${totals.lost} lost, ${totals.duplicated} duplicated, ${totals.shrunk} shrunk`);
process.exit(problems.length > 0 ? 1 : 0);
