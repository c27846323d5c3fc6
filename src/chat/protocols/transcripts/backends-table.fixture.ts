/** docs/backends.md's table of recorded answers, as the recordings say (server/backend-examples.test.ts compares). */
import type { Transcript } from './transcript.fixture.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');

export const backendsTable = (rows: Transcript[]): string =>
  [
    '| recorded answer | backend | `protocol` | the visitor gets | where the bytes come from |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${cell(r.name)} | ${cell(r.backend)} | \`${r.protocol}\` | ${r.expect.outcome}${r.expect.sources?.length ? `, ${r.expect.sources.length} source cards` : ''}${r.expect.reasoning ? ', a thinking phase' : ''} | ${cell(r.source)} |`),
  ].join('\n') + '\n';
