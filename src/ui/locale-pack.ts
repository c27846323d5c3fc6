/** The language pack in use: which one the locale asks for, loaded on demand (never in the script-tag bundle). */
import { isRtl, packFor } from '../core/locale.ts';
import type { Strings } from '../core/widget-types.ts';

export interface LocalePack {
  /** The pack's language (`en` until another is asked for). */
  readonly code: string;
  /** Arabic and Hebrew read right to left. */
  readonly rtl: boolean;
  /** Its text; empty until loaded (English shows meanwhile). */
  readonly pack: Partial<Strings>;
  /** Asks for the pack of a locale tag (`pt-BR` -> `pt`; unknown -> `en`). */
  want(tag: string): void;
}

export function localePack(load: ((code: string) => Promise<Partial<Strings>>) | undefined, loaded: () => void, report: (e: unknown) => void): LocalePack {
  let code = 'en';
  let pack: Partial<Strings> = {};
  return {
    get code() {
      return code;
    },
    get pack() {
      return pack;
    },
    get rtl() {
      return isRtl(code);
    },
    want(tag) {
      const next = packFor(tag);
      if (next === code) return;
      code = next;
      pack = {};
      loaded();
      void load?.(next).then((p) => {
        if (code !== next) return;
        pack = p;
        loaded();
      }, report);
    },
  };
}
