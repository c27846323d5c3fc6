/**
 * Loads the panel chunk next to the script-tag bundle (`support-copilot-panel.js` beside
 * `support-copilot.js`), as a classic script so it needs no more CSP than the bundle itself.
 */
import { scriptChunkLoader } from './load-script-chunk.ts';

type PanelModule = typeof import('./panel-chunk.ts');
let loader: (() => Promise<PanelModule>) | undefined;

export function panelScriptLoader(url: string): () => Promise<PanelModule> {
  // One panel per page, whichever widget asks first.
  return (loader ??= scriptChunkLoader<PanelModule>(url, 'Panel'));
}
