/**
 * What the first of `ps` to settle settles to, as `Promise.race` does, without calling it: a page
 * may have replaced `Promise.race`, and a race that throws leaves the promises already started
 * (a timeout's, a lock request's) with nobody to handle their rejection. Each gets its handlers here.
 */
export const firstSettled = <T>(ps: readonly Promise<T>[]): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    for (let i = 0; i < ps.length; i++) ps[i]!.then(resolve, reject);
  });
