/**
 * Streams one answer from a source of strings or typed parts (AnswerPart, widget-types.ts) into
 * `into`: text appended, reasoning kept apart (shown as "Thinking…", never stored), sources
 * collected (http(s) only, one per URL), the finish reason. It ends when the source ends (`stop`),
 * at a `finish` part (parts after it are not read), when `signal` aborts (stop, new conversation),
 * when nothing at all arrives for `idleMs` (any part is life: keep-alive, reasoning, unknown types)
 * or at `maxMs`: then the text so far is kept as `incomplete`, or, without any, AnswerTimeout. A
 * host source that ignores its signal, or a stalled stream, still ends on time.
 *
 * Untrusted answers must not freeze the page: the text stops at `MAX_ANSWER_CHARS` (kept as `length`);
 * `onUpdate` (a render) runs at most once per frame and less often as the text grows, since each
 * render parses the whole answer (16 ms, plus 1 ms per 1,000 characters: rendering costs about as much
 * per second at any length, instead of growing with the square of it); and the loop yields to the
 * page after 10 ms of work, since a source that has its parts ready would otherwise run as one task.
 */
import type { Link } from '../core/schema.ts';
import type { AnswerContext, AnswerFinishReason, AnswerPart, AnswerSource } from '../widget-core/widget-types.ts';
import { AnswerError, AnswerTimeout } from './answer-error.ts';
import { safeUrl } from './extract-links.ts';
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';

/**
 * The longest answer kept, in characters. Support answers run to a few thousand; the longest a
 * common model writes at once (16k to 32k output tokens) is about 64,000 to 130,000. At up to 3
 * bytes each in UTF-8, 200,000 is at most 600 KB of the conversation's 2 MiB request body
 * (core/outbox-record.ts), and one render of it stays well within a frame budget's order.
 */
export const MAX_ANSWER_CHARS = 200_000;
/** Sources kept per answer (a stream of them must not grow without end). */
const MAX_SOURCES = 50;
const FRAME_MS = 16;
const CHARS_PER_MS = 1_000;
const SLICE_MS = 10;

export interface AnswerLimits {
  /** nothing at all received for this long: AnswerTimeout */
  idleMs: number;
  /** the whole answer: cut here (kept as `incomplete`), or AnswerTimeout when no text came */
  maxMs: number;
}

export interface StreamedAnswer {
  content: string;
  /** reasoning so far: shown as "Thinking…", never stored */
  reasoning: string;
  /** from `source` parts: http(s) only, one per URL (the first part about it), in order */
  sources: Link[];
  /** `stop` when the source simply ends */
  finish: AnswerFinishReason;
}

export const newAnswer = (): StreamedAnswer => ({ content: '', reasoning: '', sources: [], finish: 'stop' });

const FINISHES: readonly unknown[] = ['stop', 'length', 'content_filter', 'incomplete', 'error'];
const str = (v: unknown): string | undefined => (typeof v == 'string' && v.trim() ? v.trim().slice(0, 500) : undefined);

function addSource(into: StreamedAnswer, p: Record<string, unknown>): void {
  const url = safeUrl(String(p.url));
  if (!url?.startsWith('http') || into.sources.length >= MAX_SOURCES || into.sources.some((x) => x.url == url)) return;
  const crumbs = Array.isArray(p.breadcrumbs) ? p.breadcrumbs.map(str).filter((c) => c !== undefined) : [];
  into.sources.push({ url, title: str(p.title), description: str(p.description), breadcrumbs: crumbs.length ? crumbs : undefined });
}

/** Reads `source` into `into` (see above). Resolves when it ended well; rejects with why it failed. */
export async function streamAnswer(
  source: AnswerSource,
  ctx: Omit<AnswerContext, 'signal'>,
  signal: AbortSignal,
  limits: AnswerLimits,
  into: StreamedAnswer,
  onUpdate: () => void,
): Promise<void> {
  const ctrl = new AbortController();
  const abort = guarded(() => ctrl.abort(signal.reason));
  signal.addEventListener('abort', abort, bare({ once: true }));
  if (signal.aborted) abort();
  const END = {};
  let idle: ReturnType<typeof setTimeout> | undefined;
  let render: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(guarded(() => ctrl.abort(new AnswerTimeout(`Nothing received for ${Math.round(limits.idleMs / 1000)} s`))), limits.idleMs);
  };
  const overall = setTimeout(guarded(() => ctrl.abort(new AnswerTimeout(`No answer within ${Math.round(limits.maxMs / 1000)} s`))), limits.maxMs);
  const changed = () =>
    (render ??= setTimeout(
      guarded(() => {
        render = undefined;
        onUpdate();
      }),
      Math.max(FRAME_MS, into.content.length / CHARS_PER_MS),
    ));
  // Each read races the abort (a source may ignore its signal). One promise per read, not a race
  // against one long-lived promise, which would keep a reaction for every part until the end.
  let stop: (reason: unknown) => void = () => {};
  ctrl.signal.addEventListener('abort', guarded(() => stop(ctrl.signal.reason)), bare({ once: true }));
  let it: AsyncIterator<string | AnswerPart> | undefined;
  const read = (from: AsyncIterator<string | AnswerPart>) =>
    new Promise<IteratorResult<string | AnswerPart>>((resolve, reject) => {
      stop = reject;
      ctrl.signal.throwIfAborted();
      from.next().then(resolve, reject);
    });
  let slice = Date.now();
  try {
    arm();
    ctrl.signal.throwIfAborted();
    it = source({ ...ctx, signal: ctrl.signal })[Symbol.asyncIterator]();
    for (;;) {
      const next = await read(it);
      if (next.done) return;
      arm();
      const value = next.value as string | Record<string, unknown> | null;
      // A string is a text delta; a part is read as an object of unknowns (a host or protocol may send anything).
      const part: Record<string, unknown> = typeof value == 'string' ? { type: 'text-delta', delta: value } : (value ?? {});
      const { type } = part;
      const delta = String(part.delta ?? '');
      if (type == 'text-delta' && delta) {
        into.content += delta;
        if (into.content.length >= MAX_ANSWER_CHARS) {
          into.content = into.content.slice(0, MAX_ANSWER_CHARS);
          into.finish = 'length';
          return ctrl.abort(END);
        }
        changed();
      } else if (type == 'reasoning-delta' && delta && into.reasoning.length < MAX_ANSWER_CHARS) {
        into.reasoning += delta;
        if (!into.content) changed();
      } else if (type == 'source') addSource(into, part);
      else if (type == 'error' || (type == 'finish' && part.reason == 'error')) throw new AnswerError(str(part.message) ?? 'The answer source failed', 500, null, part.permanent === true);
      else if (type == 'finish') {
        const { reason } = part;
        into.finish = FINISHES.includes(reason) ? (reason as AnswerFinishReason) : 'stop';
        return ctrl.abort(END);
      }
      // A source with its parts ready would run as one long task: let the page paint and handle input.
      if (Date.now() - slice > SLICE_MS) {
        await new Promise((r) => setTimeout(r));
        slice = Date.now();
      }
    }
  } catch (e) {
    // A timeout keeps the text that came, marked cut off (a stalled stream, the overall cap): the
    // visitor was reading it, and Regenerate is one click. Without any text it is a failure.
    if (!(e instanceof AnswerTimeout) || !into.content.trim()) throw e;
    into.finish = 'incomplete';
  } finally {
    clearTimeout(idle);
    clearTimeout(overall);
    clearTimeout(render);
    signal.removeEventListener('abort', abort);
    // Tell the source we are done; one that never answers must not hold us.
    if (ctrl.signal.aborted) void Promise.resolve(it?.return?.()).then(undefined, () => {});
  }
}

/**
 * Resolves after `ms`, or when `signal` aborts, or at once when the connection is back: `online`,
 * or the page visible again while the browser says it is online (a laptop woken from sleep); then
 * with `'back'`, so the flow tries at once whatever its stored wait says.
 */
export function waitOrOnline(
  ms: number,
  signal: AbortSignal,
  win: (Pick<Window, 'addEventListener' | 'removeEventListener'> & { document?: Document; navigator?: Navigator }) | undefined = typeof window == 'undefined' ? undefined : window,
): Promise<'back' | undefined> {
  return new Promise((resolve) => {
    const doc = win?.document;
    // Resolved first: a page's broken removeEventListener must not keep the wait from ending.
    const done = guarded((why?: 'back') => {
      resolve(why);
      clearTimeout(t);
      win?.removeEventListener('online', online);
      doc?.removeEventListener('visibilitychange', visible);
      signal.removeEventListener('abort', aborted);
    });
    const online = guarded(() => done('back'));
    const visible = guarded(() => doc?.visibilityState == 'visible' && win?.navigator?.onLine !== false && done('back'));
    const aborted = guarded(() => done());
    const t = setTimeout(done, Math.max(0, ms));
    win?.addEventListener('online', online);
    doc?.addEventListener('visibilitychange', visible);
    signal.addEventListener('abort', aborted);
    if (signal.aborted) done();
  });
}
