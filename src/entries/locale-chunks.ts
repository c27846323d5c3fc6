/**
 * npm: the language packs as `import()` chunks, one per language. Itself loaded lazily (by
 * create-support-copilot.ts, only for a page in another language), so the bundler's map of the
 * packs stays out of what every visitor loads.
 */
import type { Strings } from '../widget-core/widget-types.ts';

export const loadPack = (code: string): Promise<Partial<Strings>> => import(`../locales/${code}.ts`).then((m: { default: Partial<Strings> }) => m.default);
