import { defineConfig } from '@playwright/test';

// The reference collector on its own port, with fault injection on and a key prefix per test,
// so parallel tests never see each other's faults or requests.
export const COLLECTOR_PORT = Number(process.env.E2E_PORT ?? 8799);

export default defineConfig({
  testDir: 'e2e',
  // The reliability suite has its own config and summary (npm run test:reliability).
  testIgnore: ['reliability/**'],
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  // Timeouts catch hangs; they are not performance checks (those live in `npm run bench`). Every
  // wait is a condition, so a long timeout costs nothing when things work, while a short one raced
  // the work on a loaded machine (two CI runs on 2 cores, load average 20 here): a first streamed
  // answer took more than the default 5 s, a test with four axe runs more than 60 s. In a pair at load
  // 20-26 (2026-12-08), tests of several heavy steps took up to 96 s where they take 39 s quiet (six
  // adversarial answers; two pages with axe), and one ran past 120 s: 240 s for every test, not a list.
  timeout: 240_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${COLLECTOR_PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npx tsx server/main.ts',
    url: `http://127.0.0.1:${COLLECTOR_PORT}/conversations`,
    // Any answer (401 without a key) means it is up.
    ignoreHTTPSErrors: true,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(COLLECTOR_PORT),
      HOST: '127.0.0.1',
      COLLECTOR_ADMIN: '1',
      // `test-tenant-b-*` keys belong to another project (e2e/core-projects.spec.ts): listed before `test-*`, which takes the rest.
      COLLECTOR_KEYS: 'demo-web-key,test-tenant-b-*:tenant-b,test-*',
      // Web keys only write (as on the hosted API); tests read back with this API key (e2e/fixtures.ts READ_AUTH), tenant-b's with its own.
      COLLECTOR_API_KEYS: 'demo-api-key,api-tenant-b:tenant-b',
      COLLECTOR_REVOKED_KEYS: 'test-revoked-*',
      COLLECTOR_DATA: `.e2e-data/${COLLECTOR_PORT}`,
    },
  },
});
