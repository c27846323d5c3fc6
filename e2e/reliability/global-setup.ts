/**
 * The root global setup (collector data reset, npm-entry test bundles from src/), plus a snapshot
 * of the script-tag bundle (dist/support-copilot*.js) taken once: the widget scenarios serve the
 * snapshot, so a rebuild of dist/ during the run (`npm run dev`, another build) cannot break them.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import rootSetup, { BUNDLE_DIR } from '../global-setup.ts';

export const SCRIPT_TAG_DIR = `${BUNDLE_DIR}/script-tag`;
const FILES = ['support-copilot.js', 'support-copilot-core.js', 'support-copilot-work.js', 'support-copilot-panel.js'];
/** Family 12's plan (the bundles' built-ins and what the flows reach), made once per run by its first test. */
export const PLAN_FILE = 'test-results/reliability/builtins-plan.json';
export const PLAN_LOCK = 'test-results/reliability/builtins-plan.lock';

export default async function globalSetup(): Promise<void> {
  await rootSetup();
  for (const f of [PLAN_FILE, PLAN_LOCK]) rmSync(f, { recursive: true, force: true });
  mkdirSync(SCRIPT_TAG_DIR, { recursive: true });
  // dist/ may be mid-rebuild (Vite empties it first): wait for it a little.
  for (let attempt = 0; ; attempt++) {
    try {
      for (const f of FILES) copyFileSync(`dist/${f}`, `${SCRIPT_TAG_DIR}/${f}`);
      return;
    } catch (e) {
      if (attempt >= 40) throw new Error(`dist/support-copilot.js not found: run \`npm run build\` first (${(e as Error).message})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export const scriptTagReady = () => FILES.every((f) => existsSync(`${SCRIPT_TAG_DIR}/${f}`));
