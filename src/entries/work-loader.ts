/**
 * The script tag's work chunk (support-copilot-work.js, beside the core chunk): fetched once at a
 * time on the first need (entries/schema-build-script.ts, entries/start-delivery-script.ts); a
 * failed fetch is tried again by the next call.
 */
import type { WorkChunk } from './work-script.ts';
import { scriptChunkLoader } from './load-script-chunk.ts';

let load: (() => Promise<WorkChunk>) | undefined;

/** Where the work chunk is: beside the core chunk (core-script.ts, while it first runs). */
export const setWorkUrl = (url: string): void => void (load = scriptChunkLoader<WorkChunk>(url, 'Work'));

export const loadWork = (): Promise<WorkChunk> => load?.() ?? Promise.reject(new Error('support-copilot-work.js has no URL'));
