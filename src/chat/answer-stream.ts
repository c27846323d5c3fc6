/**
 * Streams one answer: the source's deltas until it ends, `signal` aborts (stop, new conversation)
 * or `timeoutMs` pass without a delta (AnswerTimeout). A host source that ignores its signal, or
 * a stalled stream, still ends on time. Resolves with the whole text; `onDelta` sees it grow.
 */
import type { AnswerContext, AnswerPart, AnswerSource } from '../widget-core/widget-types.ts';
import { AnswerTimeout } from './answer-error.ts';
import { bare } from '../core/own-copy.ts';

export async function streamAnswer(
  source: AnswerSource,
  ctx: Omit<AnswerContext, 'signal'>,
  signal: AbortSignal,
  timeoutMs: number,
  onDelta: (content: string) => void,
): Promise<string> {
  const ctrl = new AbortController();
  const abort = () => ctrl.abort(signal.reason);
  signal.addEventListener('abort', abort, bare({ once: true }));
  if (signal.aborted) abort();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ctrl.abort(new AnswerTimeout(`No answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  };
  let stop!: (reason: unknown) => void;
  const aborted = new Promise<never>((_, reject) => (stop = reject));
  aborted.catch(() => {});
  ctrl.signal.addEventListener('abort', () => stop(ctrl.signal.reason), bare({ once: true }));
  let it: AsyncIterator<string | AnswerPart> | undefined;
  let content = '';
  try {
    arm();
    ctrl.signal.throwIfAborted();
    it = source({ ...ctx, signal: ctrl.signal })[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([it.next(), aborted]);
      if (next.done) return content;
      arm();
      const part = next.value;
      const delta = typeof part == 'string' ? part : part?.type == 'text-delta' ? part.delta : '';
      if (!delta) continue;
      content += String(delta);
      onDelta(content);
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
    // Tell the source we are done; one that never answers must not hold us.
    if (ctrl.signal.aborted) void Promise.resolve(it?.return?.()).catch(() => {});
  }
}

/** Resolves after `ms`, or at once when the browser comes back online or `signal` aborts. */
export function waitOrOnline(ms: number, signal: AbortSignal, win: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined = typeof window == 'undefined' ? undefined : window): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      win?.removeEventListener('online', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, Math.max(0, ms));
    win?.addEventListener('online', done);
    signal.addEventListener('abort', done);
    if (signal.aborted) done();
  });
}
