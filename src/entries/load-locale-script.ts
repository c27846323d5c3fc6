/**
 * Loads a language pack beside the script-tag bundle (`support-copilot-locale-<code>.js`, built by
 * scripts/build-locales.mjs): a classic script that calls `__supportCopilotLocale(code, strings)`.
 * Packs are never in the bundle itself; a page in English loads none.
 */
import type { Strings } from '../widget-core/widget-types.ts';
import { injectScript } from './load-script-chunk.ts';

type Pack = Partial<Strings>;

export const localeScriptLoader =
  (urlOf: (code: string) => string) =>
  (code: string): Promise<Pack> =>
    new Promise((resolve, reject) => {
      const w = window as unknown as { __supportCopilotLocale?: (code: string, pack: Pack) => void };
      // One pack at a time (a page has one language); no global is left behind once it registered.
      w.__supportCopilotLocale = (c, pack) => {
        if (c !== code) return;
        delete w.__supportCopilotLocale;
        resolve(pack);
      };
      injectScript(urlOf(code), () => !w.__supportCopilotLocale, reject);
    });
