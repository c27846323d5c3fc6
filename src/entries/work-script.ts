/**
 * The script tag's work chunk (support-copilot-work.js) as a classic script: what the core chunk
 * needs only once there is something to check or deliver (a message, a document, stored records),
 * fetched then (entries/work-loader.ts), never by a visitor who only sees the launcher: the API's
 * zod schemas and the delivery engine. A plain object, not `import * as` (see core-script.ts).
 */
import { buildSchemas } from '../core/schema-build.ts';
import { startDelivery } from '../logger/start-delivery.ts';

export type WorkChunk = { buildSchemas: typeof buildSchemas; startDelivery: typeof startDelivery };
const chunk: WorkChunk = { buildSchemas, startDelivery };
(window as unknown as { __supportCopilotWork?: (m: WorkChunk) => void }).__supportCopilotWork?.(chunk);
