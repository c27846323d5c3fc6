/**
 * The script tag's work chunk (support-copilot-work.js) as a classic script: what the core chunk
 * needs only once there is something to check (a message, a document, stored records), fetched
 * then (entries/schema-build-script.ts), never by a visitor who only sees the launcher. Today the
 * API's zod schemas. A plain object, not `import * as` (see core-script.ts).
 */
import { buildSchemas } from '../core/schema-build.ts';

export type WorkChunk = { buildSchemas: typeof buildSchemas };
const chunk: WorkChunk = { buildSchemas };
(window as unknown as { __supportCopilotWork?: (m: WorkChunk) => void }).__supportCopilotWork?.(chunk);
