/**
 * The core chunk as a classic script, for the script-tag build: it hands itself to the loader (embed.ts).
 * A plain object, not `import * as`: the bundler builds a namespace with `for...in` over a literal,
 * which a page's enumerable `Object.prototype` keys break (`Getter must be a function`).
 */
import { startWidget } from './core-chunk.ts';
import { schemasReady } from '../core/schema.ts';
import { setWorkUrl } from './work-loader.ts';

// Read now: `currentScript` is only set while this script first runs. The work chunk sits beside this one.
setWorkUrl(new URL('support-copilot-work.js', (document.currentScript as HTMLScriptElement | null)?.src || location.href).href);

const chunk: typeof import('./core-chunk.ts') = {
  // The panel opens with the work chunk loaded: what the visitor types there is checked and stored at
  // once, and a work chunk that cannot load is said like a panel that cannot (panel_unavailable).
  startWidget: (config, deps) => startWidget(config, { ...deps, loadPanel: () => Promise.all([deps.loadPanel(), schemasReady()]).then(([panel]) => panel) }),
};
(window as unknown as { __supportCopilotCore?: (m: typeof chunk) => void }).__supportCopilotCore?.(chunk);
