import { describe, expect, it } from 'vitest';
import { runNow, runSteps, type Steps } from './run-steps.ts';

/** Three steps writing to a log; the log shows where the pauses fell. */
function* three(log: string[]): Steps<string> {
  log.push('a');
  yield;
  log.push('b');
  yield;
  log.push('c');
  return 'done';
}

describe('runSteps', () => {
  it('pauses between steps, never before the first or after the last', async () => {
    const log: string[] = [];
    const result = await runSteps(three(log), async () => void log.push('pause'));
    expect(result).toBe('done');
    expect(log).toEqual(['a', 'pause', 'b', 'pause', 'c']);
  });

  it('runs no step before the previous pause has ended', async () => {
    const log: string[] = [];
    const waiting: (() => void)[] = [];
    const running = runSteps(three(log), () => new Promise<void>((r) => waiting.push(r)));
    await Promise.resolve();
    expect(log).toEqual(['a']);
    waiting.shift()!();
    await new Promise((r) => setTimeout(r));
    expect(log).toEqual(['a', 'b']);
    waiting.shift()!();
    expect(await running).toBe('done');
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('rejects with what a step threw, and runs no step after it', async () => {
    const log: string[] = [];
    function* failing(): Steps<void> {
      log.push('a');
      yield;
      throw new Error('step 2');
    }
    let pauses = 0;
    await expect(runSteps(failing(), async () => void pauses++)).rejects.toThrow('step 2');
    expect(pauses).toBe(1);
    expect(log).toEqual(['a']);
  });

  it('throws a first step synchronously into nothing: the promise rejects', async () => {
    function* first(): Steps<void> {
      throw new Error('step 1');
    }
    const p = runSteps(first(), async () => {});
    await expect(p).rejects.toThrow('step 1');
  });
});

describe('runNow', () => {
  it('runs every step in the caller\'s task', () => {
    const log: string[] = [];
    expect(runNow(three(log))).toBe('done');
    expect(log).toEqual(['a', 'b', 'c']);
  });
});
