/**
 * core/schema-build.ts as the script tag's core chunk has it (vite.config.ts swaps it in, `--mode
 * core`): the schemas (and zod) are in the work chunk, loaded beside the core chunk when a check is
 * first needed (core/schema.ts `schemasReady`) and kept. A failed load rejects that wait and is tried
 * again by the next one; nothing is checked (or stored) without the schemas.
 */
import type { Schemas } from '../core/schema-build.ts';
import type { WorkChunk } from './work-script.ts';
import { loadWork } from './work-loader.ts';

export type { Schemas };

let work: WorkChunk | undefined;

/** True until the work chunk is here (core/schema-build.ts). */
export let SCHEMAS_LATER = true;

export const whenBuildable = (): Promise<void> =>
  loadWork().then((m) => {
    work = m;
    SCHEMAS_LATER = false;
  });

/** Only after `whenBuildable()` said so (core/schema.ts): a check before that is a bug, said as such. */
export const buildSchemas = (): Schemas => {
  if (!work) throw new Error('support-copilot-work.js is not loaded yet');
  return work.buildSchemas();
};
