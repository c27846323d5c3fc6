/** The answer lock: Web Locks when they work; refused in any way before the answer ran, this tab's own guard; the answer's own errors pass through. */
import { describe, expect, it } from 'vitest';
import { answerLock } from './answer-lock.ts';

const refusing = (error: unknown) => ({ request: () => Promise.reject(error) }) as unknown as LockManager;

describe('answer lock', () => {
  for (const error of [new DOMException('denied', 'SecurityError'), new DOMException('gone', 'InvalidStateError'), new Error('a page polyfill broke'), 'not even an Error']) {
    it(`locks refusing with ${String(error)}: answered once, under this tab's guard`, async () => {
      const lock = answerLock('ns', refusing(error));
      let runs = 0;
      const r = await Promise.all([lock('c1', new AbortController().signal, async () => ++runs), lock('c1', new AbortController().signal, async () => ++runs)]);
      expect(r).toEqual([1, 2]);
    });
  }

  it('locks that resolve without running the callback (a page stub): answered all the same, under this tab\'s guard', async () => {
    const stub = { request: async () => 'garbage' } as unknown as LockManager;
    let runs = 0;
    expect(await answerLock('ns', stub)('c1', new AbortController().signal, async () => ++runs)).toBe(1);
  });

  it("the answer's own error is not taken for a refusal", async () => {
    const locks = { request: (_n: string, _o: unknown, cb: () => Promise<unknown>) => cb() } as unknown as LockManager;
    let runs = 0;
    await expect(answerLock('ns', locks)('c1', new AbortController().signal, async () => (runs++, Promise.reject(new Error('the source failed'))))).rejects.toThrow('the source failed');
    expect(runs).toBe(1);
  });
});
