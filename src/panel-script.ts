/** The panel chunk as a classic script, for the script-tag build: it hands itself to the loader. */
import * as chunk from './panel-chunk.ts';

(window as unknown as { __supportCopilotPanel?: (m: typeof chunk) => void }).__supportCopilotPanel?.(chunk);
