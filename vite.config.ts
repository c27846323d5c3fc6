import { defineConfig } from 'vitest/config';

// Vite cannot emit an IIFE from several entries, so there is one build per mode:
// the default mode writes the npm ESM entries, `--mode iife` the script-tag bundle and
// `--mode panel` the script-tag build's panel chunk (Preact and the chat UI, loaded on first open).
export default defineConfig(({ mode }) => {
  const iife = mode === 'iife' || mode === 'panel';
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    // public/ is the demo's, served by the collector; it does not belong in the package.
    publicDir: false,
    build: {
      outDir: 'dist',
      emptyOutDir: !iife,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      reportCompressedSize: false,
      lib: iife
        ? mode === 'iife'
          ? { entry: 'src/embed.ts', formats: ['iife'], name: 'SupportCopilotEmbed', fileName: () => 'support-copilot.js' }
          : { entry: 'src/panel-script.ts', formats: ['iife'], name: 'SupportCopilotPanel', fileName: () => 'support-copilot-panel.js' }
        : { entry: { index: 'src/index.ts', core: 'src/headless.ts' }, formats: ['es'] },
      rollupOptions: iife ? {} : { external: [/^preact(\/|$)/, /^zod(\/|$)/, /^idb-keyval(\/|$)/] },
    },
    server: { port: 5173 },
    test: {
      include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
      environment: 'node',
      // Property and fuzz tests run thousands of cases; on a loaded 2-core CI machine 5 s is too tight.
      testTimeout: 30_000,
    },
  };
});
