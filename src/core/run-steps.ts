/**
 * Work done in steps with the page given the main thread between them: on a mid-range phone one
 * 30 ms start becomes a long task (> 50 ms) that holds up the page's own input and paint (issue 21).
 * The steps are a generator (`yield` marks where the page may run); how to wait is passed in, so
 * this stays pure. The same steps run at once for a caller that needs the result now.
 */
export type Steps<T> = Generator<unknown, T, undefined>;

/** Every step in the caller's task (the npm API returns the widget synchronously). */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** One step, then `pause()`, then the next: the result, or a rejection with what a step threw. */
export async function runSteps<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}
