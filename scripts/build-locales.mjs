#!/usr/bin/env node
/**
 * The script tag's language packs: one small classic script per language beside
 * dist/support-copilot.js (`dist/support-copilot-locale-<code>.js`), loaded only for a page in
 * that language (src/entries/load-locale-script.ts). npm builds get them as `import()` chunks instead.
 * Run by `npm run build`, after the Vite builds (the first one empties dist/).
 */
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const codes = readdirSync('src/locales').filter((f) => /^[a-z]{2}\.ts$/.test(f)).map((f) => f.slice(0, 2));
await Promise.all(
  codes.map((code) =>
    build({
      stdin: {
        contents: `import pack from './src/locales/${code}.ts'; window.__supportCopilotLocale && window.__supportCopilotLocale(${JSON.stringify(code)}, pack);`,
        resolveDir: '.',
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2022',
      charset: 'utf8',
      legalComments: 'none',
      outfile: `dist/support-copilot-locale-${code}.js`,
      logLevel: 'warning',
    }),
  ),
);
console.log(`locales: ${codes.map((c) => `dist/support-copilot-locale-${c}.js`).join(', ')}`);
