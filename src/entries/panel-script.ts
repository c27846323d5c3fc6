/**
 * The panel chunk as a classic script, for the script-tag build: it hands itself to the loader.
 * A plain object, not `import * as` (see core-script.ts); typed so that a new export is not forgotten.
 */
import { createAnswering, createAroundController, defaultStrings, extendShell, mountPanel, openAiCompatibleSource } from './panel-chunk.ts';

const chunk: typeof import('./panel-chunk.ts') = { createAnswering, createAroundController, defaultStrings, extendShell, mountPanel, openAiCompatibleSource };
(window as unknown as { __supportCopilotPanel?: (m: typeof chunk) => void }).__supportCopilotPanel?.(chunk);
