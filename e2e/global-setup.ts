import { build } from 'vite';
import { rmSync } from 'node:fs';

/**
 * Browser tests import the npm entries as self-contained ES modules (the published ones keep
 * preact, zod and idb-keyval external for the app's bundler). Same sources, same Vite pipeline.
 */
// Per port, so several runs (E2E_PORT=...) can share a checkout.
export const BUNDLE_DIR = `e2e/.bundles/${process.env.E2E_PORT ?? 8799}`;

export default async function globalSetup(): Promise<void> {
  rmSync(`.e2e-data/${process.env.E2E_PORT ?? 8799}`, { recursive: true, force: true });
  await build({
    logLevel: 'warn',
    configFile: false,
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: BUNDLE_DIR,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry: { core: 'src/headless.ts', index: 'src/index.ts' }, formats: ['es'] },
    },
  });
}
