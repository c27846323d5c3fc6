import { defineConfig } from 'vitest/config';

// Vite cannot emit an IIFE from several entries, so there is one build per mode:
// the default mode writes the npm ESM entries, `--mode iife` writes the script-tag bundle.
export default defineConfig(({ mode }) => {
  const iife = mode === 'iife';
  return {
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: {
      outDir: 'dist',
      emptyOutDir: !iife,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      reportCompressedSize: false,
      lib: iife
        ? { entry: 'src/embed.ts', formats: ['iife'], name: 'SupportCopilotEmbed', fileName: () => 'support-copilot.js' }
        : { entry: { index: 'src/index.ts', core: 'src/core.ts' }, formats: ['es'] },
      rollupOptions: iife ? {} : { external: [/^preact(\/|$)/, /^zod(\/|$)/, /^idb-keyval(\/|$)/] },
    },
    server: { port: 5173 },
    test: {
      include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
      environment: 'node',
    },
  };
});
