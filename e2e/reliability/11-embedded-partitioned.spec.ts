/**
 * Family 11, partitioned: the third-party iframe with storage partitioning on, as stock Chrome may
 * have it (its own IndexedDB and Web Locks). Its own file: the launch options need their own worker.
 */
import { test, expect } from './ledger.ts';
import { embed, scenario } from './embedded.ts';

// Playwright turns the feature off among its defaults; the last --disable-features wins, so this
// repeats that list without it, and turns it on.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-features=AcceptCHFrame,AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,DialMediaRouteProvider,GlobalMediaControls,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,AvoidCorsURLLoaderRestartOnRedirect,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch',
      '--enable-features=ThirdPartyStoragePartitioning,CDPScreenshotNewSurface,SkipListAccountsWithoutGaiaCookies',
    ],
  },
});

test('the widget in a third-party iframe with partitioned storage: its own IndexedDB and Web Locks, everything delivered', async ({ page, apiKey, baseURL, ledger }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const frame = await embed(page, 'third-party', apiKey, baseURL!);
  await scenario(page, frame, ledger, { storage: 'indexeddb', locks: 'web-locks' });
  expect(pageErrors).toEqual([]);
});
