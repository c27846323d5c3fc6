/**
 * The cross-engine suite (`npm run test:engines`): every scenario of scenarios.ts in Firefox ESR
 * and in WebKitGTK, one engine after the other, against the collector on E2E_PORT. Writes
 * test-results/engines/summary.json (the reliability summary names the engines from it) and exits
 * non-zero when a scenario failed or an engine did not start.
 *   ENGINES=firefox,webkit (default both)   ENGINE_GREP=<text in a scenario name>
 * WebKitGTK needs an X display: the npm script runs this under `xvfb-run`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Engine, EnginePage } from './driver.ts';
import { launchFirefox } from './firefox.ts';
import { launchWebKit } from './webkit.ts';
import { SCENARIOS, newKey, resetSiteData } from './scenarios.ts';
import { startSite } from './site.ts';

const LAUNCHERS: Record<string, () => Promise<Engine>> = { firefox: launchFirefox, webkit: launchWebKit };
const SCENARIO_TIMEOUT_MS = 180_000;
const wanted = (process.env.ENGINES ?? 'firefox,webkit').split(',').filter(Boolean);
const grep = process.env.ENGINE_GREP;

interface Result {
  scenario: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}
interface EngineRun {
  engine: string;
  name: string;
  version: string;
  results: Result[];
  error?: string;
}

function withTimeout<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no end after ${ms / 1000} s`)), ms).unref());
  return Promise.race([p, timeout]);
}

async function runEngine(key: string, site: Awaited<ReturnType<typeof startSite>>): Promise<EngineRun> {
  const started = Date.now();
  let engine: Engine;
  try {
    engine = await withTimeout(`${key} launch`, LAUNCHERS[key]!(), 120_000);
  } catch (e) {
    return { engine: key, name: key, version: '', results: [], error: `did not start: ${(e as Error).message}` };
  }
  console.log(`${engine.name}: started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const run: EngineRun = { engine: key, name: engine.name, version: engine.version, results: [] };
  // One tab lives through the run (a WebKit session ends with its last window); each scenario starts
  // in it, from empty site data, and closes the tabs it opened.
  const home = await engine.newPage();
  for (const s of SCENARIOS.filter((x) => !grep || x.name.includes(grep))) {
    if (s.needs === 'offline' && !engine.setOffline) {
      run.results.push({ scenario: s.name, status: 'skipped', ms: 0, error: 'no offline emulation in this driver (outages are made at the server instead)' });
      console.log(`  - ${engine.name} › ${s.name} (skipped: no offline emulation)`);
      continue;
    }
    const extra: EnginePage[] = [];
    const t0 = Date.now();
    let result: Result;
    try {
      await resetSiteData(home, site);
      let first = true;
      const tab = async () => {
        if (first) return (first = false), home;
        const p = await engine.newPage();
        extra.push(p);
        return p;
      };
      await withTimeout(s.name, s.run({ engine, site, apiKey: newKey(), tab }), SCENARIO_TIMEOUT_MS);
      result = { scenario: s.name, status: 'passed', ms: Date.now() - t0 };
    } catch (e) {
      result = { scenario: s.name, status: 'failed', ms: Date.now() - t0, error: (e as Error)?.stack ?? String(e) };
    }
    for (const t of extra.reverse()) await t.close().catch(() => {});
    if (engine.setOffline) await engine.setOffline(home, false).catch(() => {});
    await site.api('/__admin/faults', { method: 'DELETE' }).catch(() => {});
    run.results.push(result);
    console.log(`  ${result.status === 'passed' ? '✓' : '✘'} ${engine.name} › ${s.name} (${(result.ms / 1000).toFixed(1)} s)`);
    if (result.error) console.log(`      ${result.error.split('\n').slice(0, 6).join('\n      ')}`);
  }
  await withTimeout(`${key} quit`, engine.quit(), 30_000).catch((e) => console.log(`  (${key} did not quit cleanly: ${(e as Error).message})`));
  return run;
}

const site = await startSite(Number(process.env.E2E_PORT ?? 8799));
const runs: EngineRun[] = [];
const t0 = Date.now();
for (const key of wanted) {
  if (!LAUNCHERS[key]) throw new Error(`unknown engine ${key} (known: ${Object.keys(LAUNCHERS).join(', ')})`);
  const r = await runEngine(key, site);
  if (r.error) console.log(`✘ ${key}: ${r.error}`);
  runs.push(r);
}
await site.close();

mkdirSync('test-results/engines', { recursive: true });
writeFileSync('test-results/engines/summary.json', JSON.stringify({ durationMs: Date.now() - t0, engines: runs }, null, 2));
const count = (r: EngineRun, s: Result['status']) => r.results.filter((x) => x.status === s).length;
for (const r of runs) console.log(`engines: ${r.name}: ${count(r, 'passed')} passed, ${count(r, 'failed')} failed, ${count(r, 'skipped')} skipped${r.error ? ` (${r.error})` : ''}`);
const failed = runs.some((r) => r.error || count(r, 'failed') > 0 || count(r, 'passed') === 0);
process.exit(failed ? 1 : 0);
