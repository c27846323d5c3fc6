/**
 * The core chunk as a classic script, for the script-tag build: it hands itself to the loader (embed.ts).
 * A plain object, not `import * as`: the bundler builds a namespace with `for...in` over a literal,
 * which a page's enumerable `Object.prototype` keys break (`Getter must be a function`).
 */
import { startWidget } from './core-chunk.ts';

const chunk: typeof import('./core-chunk.ts') = { startWidget };
(window as unknown as { __supportCopilotCore?: (m: typeof chunk) => void }).__supportCopilotCore?.(chunk);
