/**
 * `npm test` runs every suite even when one fails, and exits non-zero if any did (issue 20 item 4):
 * the runner is checked with stand-in suites, and the package's scripts are checked to go through it
 * and to leave no `test:*` suite out.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// @ts-expect-error a plain .mjs script without types
import { FAILURE_LINES, lineTail, runAll, SUITES, TAIL_LINES } from './test-all.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const scripts = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('npm test', () => {
  it('runs every suite after one fails, and reports the failed ones', async () => {
    const ran: string[] = [];
    const codes: Record<string, number> = { a: 0, b: 1, c: 0, d: 3 };
    const lines: string[] = [];
    const failed = await runAll(
      Object.keys(codes).map((k) => [k, k]),
      async (cmd: string) => (ran.push(cmd), codes[cmd]),
      (l: string) => lines.push(l),
    );
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
    expect(failed).toEqual(['b', 'd']);
    expect(lines.at(-1)).toBe('npm test: 2 of 4 suites failed: b, d');
  });

  it("prints a failed suite's last lines again before the summary, and a passed suite's not", async () => {
    const lines: string[] = [];
    await runAll(
      [['ok', 'ok'], ['bad', 'bad']],
      async (cmd: string) => ({ code: cmd === 'ok' ? 0 : 1, tail: [`${cmd}: last line`] }),
      (l: string) => lines.push(l),
    );
    const summary = lines.indexOf('\n=== summary');
    expect(lines.indexOf('bad: last line')).toBeGreaterThan(-1);
    expect(lines.indexOf('bad: last line')).toBeLessThan(summary);
    expect(lines).not.toContain('ok: last line');
  });

  it('keeps the last lines of chunked output, without colours', () => {
    const t = lineTail(3);
    t.write('one\ntw');
    t.write('o\n\x1b[31mthree\x1b[0m\r\nfour');
    expect(t.lines()).toEqual(['two', 'three', 'four']);
    const big = lineTail();
    big.write(Array.from({ length: 100 }, (_, i) => `l${i}`).join('\n'));
    expect(big.lines()).toHaveLength(TAIL_LINES);
    expect(big.lines().at(-1)).toBe('l99');
  });

  // The shape of the CI log that hid which member failed (stop 27): Playwright's failure report,
  // then the reliability suite's own ledger, longer than the tail.
  const playwrightFailure = [
    '  ✘  1 [chromium] › e2e/reliability/12-builtins.spec.ts:404:43 › every built-in … (3.3m)',
    '',
    '  1) [chromium] › e2e/reliability/12-builtins.spec.ts:404:43 › every built-in … ───',
    '',
    '    Error: expect(received).toEqual(expected) // deep equality',
    '',
    '    - Expected  - 1',
    '    + Received  + 3',
    '',
    '    - Array []',
    '    + Array [',
    '    +   "Window.prototype.fetch: lost 1",',
    '    + ]',
  ];
  const ledger = Array.from({ length: 40 }, (_, i) => `ledger ${i}`);

  it("keeps a Playwright failure's report when the suite's own summary follows it", () => {
    const t = lineTail();
    t.write(['Running 1 test', ...Array.from({ length: 50 }, (_, i) => `progress ${i}`), ...playwrightFailure, ...ledger].join('\n'));
    const lines = t.lines();
    expect(lines[0]).toBe(playwrightFailure[2]);
    expect(lines).toContain('    +   "Window.prototype.fetch: lost 1",');
    expect(lines).not.toContain('progress 49');
    expect(lines).toContain('[…]');
    expect(lines.at(-1)).toBe('ledger 39');
    expect(lines.length).toBeLessThanOrEqual(FAILURE_LINES + TAIL_LINES + 1);
  });

  it("keeps a Vitest failure's report, and prints no line twice when the report is in the tail", () => {
    const t = lineTail();
    t.write(['x', ' FAIL  src/core/a.test.ts > adds', 'AssertionError: expected 3 to be 4', ' Test Files  1 failed (1)'].join('\n'));
    expect(t.lines()).toEqual([' FAIL  src/core/a.test.ts > adds', 'AssertionError: expected 3 to be 4', ' Test Files  1 failed (1)']);
    const long = lineTail();
    long.write([' FAIL  src/core/a.test.ts > adds', ...Array.from({ length: 60 }, (_, i) => `diff ${i}`)].join('\n'));
    const lines = long.lines();
    expect(lines).toHaveLength(FAILURE_LINES + 1 + TAIL_LINES);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('a suite that cannot even start counts as failed, and the rest still run', async () => {
    const ran: string[] = [];
    const failed = await runAll([['x', 'x'], ['y', 'y']], async (cmd: string) => {
      ran.push(cmd);
      if (cmd === 'x') throw new Error('spawn failed');
      return 0;
    }, () => {});
    expect(ran).toEqual(['x', 'y']);
    expect(failed).toEqual(['x']);
  });

  it('the process exits 1 when a suite failed (a real run of the script with two stand-ins)', () => {
    const script = `import { runAll } from ${JSON.stringify(`${root}scripts/test-all.mjs`)};
      const failed = await runAll([['fails', 'exit 3'], ['passes', 'exit 0']], (c) => import('node:child_process').then(({ spawnSync }) => spawnSync(c, { shell: true }).status), () => {});
      process.exit(failed.length ? 1 : 0);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(1);
  });

  it('is the one entry: `npm test` runs the script, which covers typecheck, build, size and every test:* script', () => {
    expect(scripts.test).toBe('node scripts/test-all.mjs');
    const commands = (SUITES as [string, string][]).map(([, c]) => c);
    for (const name of ['typecheck', 'build', 'size', ...Object.keys(scripts).filter((s) => s.startsWith('test:'))]) {
      expect(commands, `npm run ${name}`).toContain(`npm run ${name}`);
    }
  });
});
