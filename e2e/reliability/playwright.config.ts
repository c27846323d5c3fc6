/**
 * The reliability suite (`npm run test:reliability`): the root configuration (same collector,
 * browser and fixtures) with its own testDir, so `npm run test:e2e` and this suite never run each
 * other's tests. Paths in a Playwright config resolve against the config file's folder, hence the
 * explicit `../..` below; the collector is started from the project root.
 */
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import root from '../../playwright.config.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  ...root,
  testDir: '.',
  testMatch: '*.spec.ts',
  testIgnore: [],
  globalSetup: './global-setup.ts',
  outputDir: '../../test-results/reliability-artifacts',
  // Two workers keep the suite near 3 minutes on a 2-core machine; timing checks allow for it.
  workers: Number(process.env.RELIABILITY_WORKERS ?? 2),
  timeout: 90_000,
  reporter: [['list'], ['./manifest-reporter.ts']],
  webServer: { ...(root.webServer as object), cwd: ROOT } as typeof root.webServer,
});
