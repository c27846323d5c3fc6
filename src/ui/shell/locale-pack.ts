/** The language pack in use: which one the locale asks for, loaded on demand (never in the script-tag bundle). */
import { isRtl, packFor } from '../../widget-core/locale.ts';
import type { Strings } from '../../widget-core/widget-types.ts';
import { SupportCopilotError } from '../../core/support-copilot-error.ts';

export interface LocalePack {
  /** The pack's language (`en` until another is asked for). */
  code: string;
  /** Its text; empty until loaded (English shows meanwhile). */
  pack: Partial<Strings>;
  /** Arabic and Hebrew read right to left. */
  rtl: boolean;
  /** Asks for the pack of a locale tag (`pt-BR` -> `pt`; unknown -> `en`). */
  want(tag: string): void;
}

export function localePack(load: ((code: string) => Promise<Partial<Strings>>) | undefined, loaded: () => void, report: (e: unknown) => void): LocalePack {
  const l: LocalePack = {
    code: 'en',
    pack: {},
    rtl: false,
    want(tag) {
      const code = packFor(tag);
      if (code === l.code) return;
      Object.assign(l, { code, pack: {}, rtl: isRtl(code) });
      loaded();
      // English is the widget's own text: there is no pack to load for it.
      if (code !== 'en')
        void load?.(code).then(
          (pack) => l.code === code && (l.pack = pack, loaded()),
          // Not `unexpected`: a file that is not served (install.md lists the packs), said as such.
          (e) => report(new SupportCopilotError('panel_unavailable', `Language pack "${code}" not loaded, the widget stays in English: ${(e as Error)?.message ?? e}`, { cause: e })),
        );
    },
  };
  return l;
}
