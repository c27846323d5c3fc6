#!/usr/bin/env node
/**
 * Lets Playwright 1.65 drive Debian's Firefox ESR 153 over WebDriver BiDi (`channel: 'moz-firefox'`):
 * Playwright sends `emulation.setMediaFeaturesOverride` (color-scheme emulation) on every new page
 * and context, a command ESR 153 does not know, and the context then fails to open. This makes
 * exactly those two sends ignore an "unknown command" error (and nothing else); the cost is that
 * `colorScheme` emulation does nothing in Firefox. Idempotent: run before every Firefox run
 * (`npm run test:firefox`); it changes node_modules/playwright-core/lib/coreBundle.js only, and says so.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const file = join(dirname(require.resolve('playwright-core/package.json')), 'lib', 'coreBundle.js');
const MARK = '/* support-copilot: ESR 153 lacks emulation.setMediaFeaturesOverride */';
const ignoreUnknown = `.catch((e) => { ${MARK} if (!/unknown command/i.test(String(e && e.message))) throw e; })`;
const SENDS = [
  /(await this\._session\.send\("emulation\.setMediaFeaturesOverride", \{\n\s*features: \{ "prefers-color-scheme": colorScheme \},\n\s*contexts: \[this\._session\.sessionId, \.\.\.this\._session\._browsingContexts\]\n\s*\}\))(;)/,
  /(await this\._browser\._browserSession\.send\("emulation\.setMediaFeaturesOverride", \{\n\s*features: \{ "prefers-color-scheme": colorScheme \},\n\s*userContexts: \[this\._userContextId\(\)\]\n\s*\}\))(;)/,
];

let text = readFileSync(file, 'utf8');
const already = text.split(MARK).length - 1;
if (already === SENDS.length) {
  console.log(`patch-playwright-bidi: already applied (${file})`);
} else if (already !== 0) {
  throw new Error(`patch-playwright-bidi: ${already} of ${SENDS.length} sends patched in ${file}; reinstall playwright-core`);
} else {
  for (const re of SENDS) {
    if (!re.test(text)) throw new Error(`patch-playwright-bidi: a send was not found in ${file} (Playwright changed? check the version)`);
    text = text.replace(re, `$1${ignoreUnknown}$2`);
  }
  writeFileSync(file, text);
  console.log(`patch-playwright-bidi: 2 sends of emulation.setMediaFeaturesOverride now ignore "unknown command" (${file})`);
}
