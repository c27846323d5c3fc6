/** Waiting in unit tests without sleeping: a promise resolved by hand, and a condition polled between jobs. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets pending promise jobs (and the memory store's) run; setImmediate is not faked. */
export const tick = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

export async function until(cond: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await tick();
  }
  throw new Error(`timed out waiting for ${what}`);
}
