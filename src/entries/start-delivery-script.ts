/**
 * logger/start-delivery.ts as the script tag's core chunk has it (vite.config.ts swaps it in,
 * `--mode core`): the delivery engine is in the work chunk, fetched when something is stored or
 * first needed (logger/start-when-needed.ts).
 */
import type { Delivery, DeliveryDeps, DeliveryWiring } from '../logger/start-delivery.ts';
import { startWhenNeeded } from '../logger/start-when-needed.ts';
import { somethingStored } from '../storage/stored-anything.ts';
import { loadWork } from './work-loader.ts';

export type { Delivery, DeliveryDeps, DeliveryWiring };

export const startDelivery = (w: DeliveryWiring, deps: DeliveryDeps, opened: (d: Delivery) => void): Promise<Delivery> =>
  startWhenNeeded(w, deps, opened, {
    stored: () => somethingStored(deps.indexedDB, w.names, w.cfg().storageTimeoutMs),
    load: () => loadWork().then((m) => m.startDelivery),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
