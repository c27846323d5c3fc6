/** Which built-in language pack a locale tag gets, and its direction. Pure; the packs are in src/locales/. */

/** Languages with a built-in pack besides English (the default text itself). */
const PACKS = /^(es|fr|de|pt|ja|zh|ar|he)$/;

/** `pt-BR`, `zh_Hans`, `JA` -> their pack; anything else -> `en`. */
export function packFor(tag: string | null | undefined): string {
  const code = (tag ?? '').trim().slice(0, 3).toLowerCase().split(/[-_]/)[0]!;
  return PACKS.test(code) ? code : 'en';
}

/** Right-to-left scripts among the packs. */
export const isRtl = (code: string): boolean => code === 'ar' || code === 'he';
