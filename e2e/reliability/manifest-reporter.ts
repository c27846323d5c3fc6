/**
 * Writes `test-results/reliability/_run.json`: every scenario of the run with its outcome and
 * time, so `summary.mjs` can tell a missing ledger line from a scenario that never ran, and list
 * the slowest. Clears the ledger folder first, so a line from an earlier run can never count.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';

const DIR = 'test-results/reliability';

export default class ManifestReporter implements Reporter {
  private tests = new Map<string, { testId: string; name: string; file: string; status: string; expectedStatus: string; durationMs: number }>();

  onBegin(_config: FullConfig, suite: Suite): void {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    for (const t of suite.allTests()) {
      this.tests.set(t.id, { testId: t.id, name: t.titlePath().slice(3).join(' › '), file: t.location.file, status: 'not run', expectedStatus: t.expectedStatus, durationMs: 0 });
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const t = this.tests.get(test.id);
    if (t) Object.assign(t, { status: result.status, expectedStatus: test.expectedStatus, durationMs: result.duration });
  }

  onEnd(result: FullResult): void {
    writeFileSync(`${DIR}/_run.json`, JSON.stringify({ status: result.status, durationMs: result.duration, tests: [...this.tests.values()] }, null, 2));
  }

  printsToStdio(): boolean {
    return false;
  }
}
