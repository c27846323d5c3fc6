import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Vite cannot emit an IIFE from several entries, so there is one build per mode:
// the default mode writes the npm ESM entries, `--mode iife` the script-tag loader (queue and
// launcher), `--mode core` the script-tag build's core chunk (widget, logger front, chat session;
// fetched right after the launcher paints), `--mode work` its work chunk (the API's zod schemas and
// the delivery engine, fetched on the first need: first open or hover, an API call that stores,
// records stored by an earlier page; the core chunk has entries/schema-build-script.ts in place of
// core/schema-build.ts and entries/start-delivery-script.ts in place of logger/start-delivery.ts)
// and `--mode panel` its panel chunk (Preact and the chat UI, loaded on first open).
const SCRIPT_TAG: Record<string, { entry: string; name: string; file: string }> = {
  iife: { entry: 'src/embed.ts', name: 'SupportCopilotEmbed', file: 'support-copilot.js' },
  core: { entry: 'src/entries/core-script.ts', name: 'SupportCopilotCore', file: 'support-copilot-core.js' },
  work: { entry: 'src/entries/work-script.ts', name: 'SupportCopilotWork', file: 'support-copilot-work.js' },
  panel: { entry: 'src/entries/panel-script.ts', name: 'SupportCopilotPanel', file: 'support-copilot-panel.js' },
};
const SCHEMA_BUILD_SCRIPT = fileURLToPath(new URL('src/entries/schema-build-script.ts', import.meta.url));
const START_DELIVERY_SCRIPT = fileURLToPath(new URL('src/entries/start-delivery-script.ts', import.meta.url));

export default defineConfig(({ mode }) => {
  const chunk = SCRIPT_TAG[mode];
  const iife = chunk !== undefined;
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    // public/ is the demo's, served by the collector; it does not belong in the package.
    publicDir: false,
    resolve: {
      alias:
        mode === 'core'
          ? [
              { find: /^\.\/schema-build\.ts$/, replacement: SCHEMA_BUILD_SCRIPT },
              { find: /^\.\/start-delivery\.ts$/, replacement: START_DELIVERY_SCRIPT },
            ]
          : [],
    },
    build: {
      outDir: 'dist',
      emptyOutDir: !iife,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      reportCompressedSize: false,
      lib: chunk
        ? { entry: chunk.entry, formats: ['iife'], name: chunk.name, fileName: () => chunk.file }
        : { entry: { index: 'src/index.ts', core: 'src/headless.ts' }, formats: ['es'] },
      // A script-tag file runs in the host page's own task: whatever its top level meets (a built-in
      // the page replaced or broke, e2e/reliability/12-builtins.spec.ts) is said, never thrown into the page.
      rollupOptions: iife
        ? { output: { banner: 'try{', footer: '}catch(e){try{console.error("[SupportCopilot]",e)}catch(_){}}' } }
        : { external: [/^preact(\/|$)/, /^zod(\/|$)/, /^idb-keyval(\/|$)/] },
    },
    server: { port: 5173 },
    test: {
      include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
      environment: 'node',
      // Property and fuzz tests run thousands of cases; on a loaded 2-core CI machine 5 s is too tight.
      testTimeout: 30_000,
    },
  };
});
