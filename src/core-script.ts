/** The core chunk as a classic script, for the script-tag build: it hands itself to the loader (embed.ts). */
import * as chunk from './core-chunk.ts';

(window as unknown as { __supportCopilotCore?: (m: typeof chunk) => void }).__supportCopilotCore?.(chunk);
