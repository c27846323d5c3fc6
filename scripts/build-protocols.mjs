#!/usr/bin/env node
/**
 * The script tag's answer protocols other than the default (openai, in the panel chunk): one small
 * classic script per protocol beside dist/support-copilot.js (`dist/support-copilot-protocol-<name>.js`),
 * loaded only by a page whose `chat.protocol` (or response) needs it (src/entries/load-protocol-script.ts).
 * npm builds get them as `import()` chunks instead (src/entries/protocol-chunks.ts).
 * Run by `npm run build`, after the Vite builds (the first one empties dist/).
 */
import { build } from 'esbuild';

export const PROTOCOLS = ['inkeep', 'ai-sdk', 'text'];

await Promise.all(
  PROTOCOLS.map((name) =>
    build({
      stdin: {
        contents: `import { protocol } from './src/chat/protocols/${name}.ts'; window.__supportCopilotProtocol && window.__supportCopilotProtocol(${JSON.stringify(name)}, protocol);`,
        resolveDir: '.',
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'iife',
      target: 'es2022',
      charset: 'utf8',
      legalComments: 'none',
      outfile: `dist/support-copilot-protocol-${name}.js`,
      logLevel: 'warning',
    }),
  ),
);
console.log(`protocols: ${PROTOCOLS.map((n) => `dist/support-copilot-protocol-${n}.js`).join(', ')}`);
