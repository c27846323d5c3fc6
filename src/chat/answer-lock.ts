/**
 * One tab answers a conversation at a time: a Web Lock `support-copilot:v1:answer:<id>`, waited
 * for (a tab that closes mid-answer hands over to the next one in line), abortable. Where Web
 * Locks are missing or denied (insecure page, sandboxed or third-party frame), a plain guard of
 * this tab: a promise chain per name, so this tab at least never answers twice at once.
 */
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';

export type AnswerLock = <T>(conversationId: string, signal: AbortSignal, fn: () => Promise<T>) => Promise<T | undefined>;

/** `namespace`: the storage names' (core/storage-names.ts `TAB_CHANNEL`). */
export function answerLock(namespace: string, locks: LockManager | undefined = typeof navigator == 'undefined' ? undefined : navigator.locks): AnswerLock {
  const chains = new Map<string, Promise<unknown>>();
  const local = <T>(name: string, signal: AbortSignal, fn: () => Promise<T>): Promise<T | undefined> => {
    let started = false;
    const run = (chains.get(name) ?? Promise.resolve()).then(() => (signal.aborted ? undefined : ((started = true), fn())));
    const tail = run.then(undefined, () => {});
    chains.set(name, tail);
    tail.then(() => chains.get(name) == tail && chains.delete(name)).then(undefined, () => {});
    // Like a Web Lock request: aborting ends the wait at once; once granted, it runs to its end.
    return new Promise((resolve, reject) => {
      run.then(resolve, reject);
      signal.addEventListener('abort', guarded(() => started || resolve(undefined)), bare({ once: true }));
    });
  };
  return async (conversationId, signal, fn) => {
    const name = `${namespace}:answer:${conversationId}`;
    if (!locks) return local(name, signal, fn);
    let ran = false;
    try {
      const result = await locks.request(name, bare({ signal }), () => ((ran = true), fn()));
      // Resolved without ever running it (a page's stub of navigator.locks): guard this tab alone.
      return ran || signal.aborted ? result : local(name, signal, fn);
    } catch (e) {
      if (signal.aborted) return undefined;
      // Refused before it ran, whatever the error (SecurityError, a page's broken polyfill): guard this tab alone. Errors of fn itself go on.
      if (!ran) return local(name, signal, fn);
      throw e;
    }
  };
}
