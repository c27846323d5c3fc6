/**
 * Playwright's own specs in Firefox ESR over WebDriver BiDi (`npm run test:firefox`; Playwright
 * cannot use Debian's Firefox over its Juggler protocol, and its BiDi Firefox needs
 * scripts/patch-playwright-bidi.mjs for ESR 153). The rule for which specs run here: the specs of
 * the headless core (`core-*`: IndexedDB, cookies, Web Locks, BroadcastChannel, keepalive, where
 * engines differ) and of blocked site data. Every spec runs in a Firefox launched over BiDi; the
 * widget's UI flows run in Firefox through the cross-engine suite (e2e/engines/), which is faster
 * there (a full run of all e2e specs through Playwright's BiDi Firefox takes about an hour here).
 * A test tagged `@not-firefox-bidi` needs what Playwright's BiDi Firefox lacks; its tag says why
 * and where the same is checked in Firefox instead.
 */
import { defineConfig } from '@playwright/test';
import root from './playwright.config.ts';

export default defineConfig({
  ...root,
  testMatch: ['core-*.spec.ts', 'widget-blocked-storage.spec.ts'],
  grepInvert: /@not-firefox-bidi/,
  outputDir: 'test-results/firefox-artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/firefox/results.json' }]],
  use: {
    ...root.use,
    browserName: 'firefox',
    channel: 'moz-firefox',
    launchOptions: { executablePath: process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr' },
  },
});
