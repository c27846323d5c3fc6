/**
 * Loads a language pack beside the script-tag bundle (`support-copilot-locale-<code>.js`, built by
 * scripts/build-locales.mjs): a classic script that calls `__supportCopilotLocale(code, strings)`.
 * Packs are never in the bundle itself; a page in English loads none.
 */
import type { Strings } from './core/widget-types.ts';
import { injectScript } from './load-panel-script.ts';

type Pack = Partial<Strings>;

export function localeScriptLoader(urlOf: (code: string) => string): (code: string) => Promise<Pack> {
  const w = window as unknown as { __supportCopilotLocale?: (code: string, pack: Pack) => void };
  const waiting = new Map<string, (pack: Pack) => void>();
  const packs = new Map<string, Promise<Pack>>();
  return (code) => {
    let p = packs.get(code);
    if (p) return p;
    w.__supportCopilotLocale ??= (c, pack) => waiting.get(c)?.(pack);
    p = new Promise<Pack>((resolve, reject) => {
      const done = () => {
        waiting.delete(code);
        // No global left behind once nothing waits (destroy() leaves the page as it found it).
        if (!waiting.size) delete w.__supportCopilotLocale;
      };
      waiting.set(code, (pack) => {
        done();
        resolve(pack);
      });
      injectScript(urlOf(code), () => !waiting.has(code), (e) => {
        done();
        packs.delete(code);
        reject(e);
      });
    });
    packs.set(code, p);
    return p;
  };
}
