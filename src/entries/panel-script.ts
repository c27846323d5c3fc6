/**
 * The panel chunk as a classic script, for the script-tag build: it hands itself to the loader.
 * A plain object, not `import * as` (see core-script.ts); typed so that a new export is not forgotten.
 * Its answer protocols other than openai are scripts beside it (load-protocol-script.ts), not the
 * npm build's `import()` chunks.
 */
import { createAnswering, createAroundController, defaultStrings, extendShell, mountPanel } from './panel-chunk.ts';
import { createAnswerSource } from '../chat/answer-source.ts';
import { protocolScriptLoader } from './load-protocol-script.ts';

// Read now: `currentScript` is only set while this script first runs.
const loadProtocol = protocolScriptLoader((document.currentScript as HTMLScriptElement | null)?.src || location.href);
const chunk: typeof import('./panel-chunk.ts') = {
  answerSource: (chat) => createAnswerSource(chat, loadProtocol),
  createAnswering,
  createAroundController,
  defaultStrings,
  extendShell,
  mountPanel,
};
(window as unknown as { __supportCopilotPanel?: (m: typeof chunk) => void }).__supportCopilotPanel?.(chunk);
