/**
 * Answering the conversation's last question, for the chat session: a question asked in the widget
 * is unanswered while it is the conversation's last stored message, which is what makes answers
 * durable (a reload or another tab answers it). One tab answers a conversation at a time (a Web
 * Lock), re-reading the stored conversation inside the lock, so two tabs never answer one question
 * twice. A transient failure waits with backoff (the wait stored per conversation, so a reload keeps
 * it), cut short when the connection comes back; after AUTO_ATTEMPTS automatic retries, and at
 * once for a refusal or an empty answer, it waits for the visitor's Retry (answer-retry-state.ts).
 * Endings are honest: no text is a failure, never a stored empty answer; a cut-off answer is stored
 * with `properties.finishReason`. Stop, in any phase, keeps the answer as far as it got (stored with
 * `properties.stopped`), or, before any text, leaves the question waiting for Retry. This flow and
 * its helpers (streaming, classifying, waiting, locking: answering.ts) ship in the lazy panel
 * chunk; the session, in every visitor's download, calls it.
 */
import type { Link, Message } from '../core/schema.ts';
import type { ConversationHandle, ErrorCode } from '../core/public-types.ts';
import type { AnswerFinishReason, AnswerSource, WidgetEventName } from '../widget-core/widget-types.ts';
import type { AnswerFailure, AnswerFailureKind } from './answer-failure.ts';
import type { AnswerLock } from './answer-lock.ts';
import type { RetryState, RetryStore } from './answer-retry-state.ts';
import type { AnswerLimits, newAnswer, streamAnswer, waitOrOnline } from './answer-stream.ts';

/** What the flow answers with: the source and its helpers, built by answering.ts in the panel chunk. */
export interface Answering {
  source: AnswerSource;
  extractLinks(markdown: string): Link[];
  stream: typeof streamAnswer;
  newAnswer: typeof newAnswer;
  classify(e: unknown): AnswerFailure;
  /** refused, empty, stopped or out of automatic attempts: only the visitor's Retry tries again */
  waitsForVisitor(s: RetryState): boolean;
  retries: RetryStore;
  nextRetry(prev: RetryState | undefined, question: string, f: AnswerFailure, now: number): RetryState;
  askedNow(question: string, now: number): RetryState;
  lock: AnswerLock;
  wait: typeof waitOrOnline;
  /** This flow, created once per chat session. */
  flow: typeof createAnswerFlow;
}

/** A message as the panel shows it (the chat session's `ChatMessage`). */
export interface ShownMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  links?: Link[] | null;
  /** assistant streaming / finished / failed (a user message not stored, or an answer that could not be given) */
  state: 'streaming' | 'done' | 'error';
  /** a user message not stored: why, as the panel words it (the error itself goes to onError and the error event) */
  error?: ErrorCode;
  /** an answer that could not be given (shown, not stored): why, and whether it is retried by itself */
  failure?: { kind: AnswerFailureKind; transient: boolean };
  /** stopped by the visitor: stored as it was, with `properties.stopped` */
  stopped?: boolean;
  /** cut off (`length`, `content_filter`, `incomplete`): stored with `properties.finishReason`, shown with a notice */
  finishReason?: AnswerFinishReason;
  /** streaming: the reasoning so far, shown as "Thinking…" until text comes (never stored) */
  reasoning?: string;
  /** feedback given, as stored in the answer's `properties.feedback`; reflected by aria-pressed */
  feedback?: 'positive' | 'negative';
}

/** What the flow sees of the chat session. */
export interface AnswerView {
  state: { messages: ShownMessage[]; busy: boolean };
  conversation(): ConversationHandle;
  /** Adds (or moves to the end) a shown message; failure notes give way to it. */
  show(m: ShownMessage): void;
  setView(id: string, patch: Partial<ShownMessage>): void;
  showStored(stored: Message[]): void;
  answerLimits(): AnswerLimits;
  newId(): string;
  now(): number;
  fire(name: WidgetEventName, properties?: { messageId?: string; [key: string]: unknown }): void;
  message(detail: { conversationId: string; messageId: string; role: string; content: string }): void;
  changed(): void;
}

export type AnswerMode = 'auto' | 'now' | 'again';

export interface AnswerFlow {
  /** `auto` keeps a stored wait; `now` tries at once (the visitor asked); `again` answers the last question anew (regenerate). */
  /** `asked`: the question the visitor just sent (marked as asked in the widget); else, with `now`, the last one shown. */
  answer(mode: AnswerMode, a: Answering, asked?: string): Promise<void>;
  /** Aborts this tab's answer, its lock wait or its retry wait; `'stop'` keeps the partial answer. */
  abort(reason?: 'stop'): void;
}

/** Back online, waits are cut short, but at most once per this long: a flapping connection cannot storm the service. */
const BACK_FLOOR_MS = 5_000;
const EMPTY = new Error('The answer ended without any text');

export function createAnswerFlow(v: AnswerView): AnswerFlow {
  const { state, show, setView, now } = v;
  let ctrl: AbortController | undefined;
  /** the answer streaming now: only its end clears `busy` (a superseded one ends later) */
  let streaming: string | undefined;
  const fail = (failure: ShownMessage['failure']) => show({ id: v.newId(), role: 'assistant', content: '', state: 'error', failure });

  /** The shown conversation as stored messages: what there is to answer when nothing is stored (all analytics opted out). */
  const shown = (): Message[] => state.messages.filter((m) => !m.failure && m.state === 'done');

  /** when the connection's return last cut a wait short (BACK_FLOOR_MS) */
  let backAt = -Infinity;

  /**
   * Answers the conversation's last question if it is still unanswered, in the tab that holds the
   * conversation's lock. `auto` keeps a stored wait; `now` tries at once (the visitor asked);
   * `again` answers the last question even though it has an answer (regenerate).
   */
  async function answer(mode: AnswerMode, a: Answering, askedId?: string): Promise<void> {
    const forConv = v.conversation();
    // Only a new question supersedes an answer streaming here (the panel offers Stop instead).
    if (state.busy && mode !== 'now') return;
    // Asked here: marked (per conversation, shared by tabs) before the lock is awaited, so a reload or
    // another tab answers it. A question the host logged (logMessage: an agent console, an import)
    // has no mark and is never answered by itself. The visitor asking (Send, Retry) starts a new
    // count of automatic attempts.
    const asked = mode !== 'now' ? undefined : (askedId ?? state.messages.filter((m) => m.role === 'user' && m.state === 'done').at(-1)?.id);
    if (asked) a.retries.write(forConv.id, a.askedNow(asked, now()));
    // A wait for the lock or for a retry is started over: it reads what is stored again.
    ctrl?.abort();
    const mine = (ctrl = new AbortController());
    const live = () => !mine.signal.aborted && forConv === v.conversation();
    let question = asked;
    try {
      await a.lock(forConv.id, mine.signal, async () => {
        let back = false;
        for (let first = true; live(); first = false) {
          const kept = await forConv.messages();
          const stored = kept.length ? kept : shown();
          let q = stored.length - 1;
          while (q >= 0 && stored[q]!.role !== 'user') q--;
          question = stored[q]?.id;
          if (!live() || !question) return;
          if (q < stored.length - 1 && mode !== 'again') {
            // Answered, here or in another tab while this one waited for the lock.
            if (!state.busy) v.showStored(stored);
            return;
          }
          const waiting = a.retries.read(forConv.id, question);
          if (!waiting && mode === 'auto') return;
          if (waiting && waiting.kind !== 'asked' && (!first || mode === 'auto')) {
            if (a.waitsForVisitor(waiting)) return fail({ kind: waiting.kind, transient: false });
            // Back online (or visible again): try now, whatever our backoff says, within the floor. Not
            // a wait the service asked for (429/503 Retry-After): its load has nothing to do with ours.
            const due: number = back && waiting.kind != 'busy' ? Math.min(waiting.nextAt, backAt + BACK_FLOOR_MS) : waiting.nextAt;
            if (due > now()) {
              fail({ kind: waiting.kind, transient: true });
              back = (await a.wait(due - now(), mine.signal)) === 'back' || back;
              continue;
            }
            if (back) backAt = now();
          }
          back = false;
          const history = stored
            .slice(0, q + 1)
            .filter((m) => (m.role === 'user' || m.role === 'assistant') && m.content)
            .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content! }));
          const failure = await stream(a, forConv, question, history, mine);
          if (!live()) return;
          if (!failure) return a.retries.clear(forConv.id);
          const next = a.nextRetry(waiting, question, failure, now());
          a.retries.write(forConv.id, next);
          const auto = !a.waitsForVisitor(next);
          fail({ kind: failure.kind, transient: auto });
          if (!auto) return;
        }
      });
    } finally {
      if (ctrl === mine) ctrl = undefined;
    }
    // Stopped before any text (waiting for the lock or a retry, thinking): nothing is stored, and the
    // question waits for the visitor's Retry, here, after a reload and in other tabs.
    if (mine.signal.reason === 'stop' && question && forConv === v.conversation() && a.retries.read(forConv.id, question)) {
      a.retries.write(forConv.id, { ...a.askedNow(question, now()), kind: 'stopped' });
      fail({ kind: 'stopped', transient: false });
    }
  }

  /** One attempt: streams into a new answer and stores it (or, stopped, what it got to). Resolves with why it failed, if it did. */
  async function stream(a: Answering, forConv: ConversationHandle, question: string, history: { role: 'user' | 'assistant'; content: string }[], ctrl: AbortController): Promise<AnswerFailure | undefined> {
    const id = (streaming = v.newId());
    const got = a.newAnswer();
    show({ id, role: 'assistant', content: '', state: 'streaming' });
    state.busy = true;
    v.changed();
    const store = async (properties?: Record<string, unknown>) => {
      const { content, sources } = got;
      // The sources the answer came with first, then its own links to pages they do not name.
      const links = [...sources, ...a.extractLinks(content).filter((l) => !sources.some((s) => s.url == l.url))];
      await forConv.append({ id, role: 'assistant', content, links, ...(properties ? { properties } : {}) });
      // Finished (with its actions) once it is durable, like the visitor's own messages.
      setView(id, { state: 'done', content, links, reasoning: undefined, ...properties });
      v.fire('assistant_message_received', { messageId: id });
      v.fire('assistant_answer_displayed', { messageId: id });
      v.message({ conversationId: forConv.id, messageId: id, role: 'assistant', content });
    };
    try {
      await a.stream(a.source, { conversationId: forConv.id, messages: history }, ctrl.signal, v.answerLimits(), got, () => setView(id, { content: got.content, reasoning: got.reasoning }));
      // No text and no error: a failure the visitor is told about, never an empty stored answer.
      if (!got.content.trim()) throw EMPTY;
      await store(got.finish == 'stop' ? undefined : { finishReason: got.finish });
    } catch (e) {
      if (ctrl.signal.reason === 'stop' && got.content.trim()) {
        // Kept as far as it got, marked, so the question counts as answered (never re-asked by itself).
        await store({ stopped: true })
          .then(() => a.retries.clear(forConv.id))
          .then(undefined, () => {});
        return;
      }
      state.messages = state.messages.filter((m) => m.id !== id);
      if (ctrl.signal.aborted) return; // stopped before any text (answer() says so), a new conversation, destroy
      const failure: AnswerFailure = e === EMPTY ? { kind: 'empty', transient: false, detail: `${EMPTY.message} (finish: ${got.finish})` } : a.classify(e);
      // About the question left without an answer (the failed answer was never a message).
      v.fire('chat_error', { messageId: question, error: failure.detail, kind: failure.kind });
      return failure;
    } finally {
      if (streaming === id) {
        streaming = undefined;
        state.busy = false;
        v.changed();
      }
    }
  }

  return {
    answer,
    abort(reason) {
      ctrl?.abort(reason);
      ctrl = undefined;
    },
  };
}
