/**
 * The chat a visitor has, without any DOM: which conversation is current (remembered across
 * reloads and tabs), its history, sending a question (durable first) and streaming its answer
 * (timeout, abort, retry), feedback, and recovery when a conversation's stored history is gone.
 * The widget renders `state` and calls these methods; nothing here knows about Preact or the page.
 */
import type { Link, Message } from './core/schema.ts';
import type { ConversationHandle, ConversationLogger, MessageInput, SupportCopilotError } from './core/public-types.ts';
import type { AnswerSource, EventConversation, PageContext, WidgetEventName } from './core/widget-types.ts';
import type { CurrentConversation } from './storage/current-conversation.ts';

/** A message as the panel shows it. */
export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  links?: Link[] | null;
  /** assistant streaming / finished / failed (shows `error` and a Retry button) */
  state: 'streaming' | 'done' | 'error';
  /** shown when state === 'error' (the panel falls back to its generic error text) */
  error?: string;
  /** feedback already given; reflected by aria-pressed */
  feedback?: 'positive' | 'negative';
}

export interface ChatState {
  messages: ChatMessage[];
  /** an answer is being generated */
  busy: boolean;
  /** a problem to show in the status line (configuration error, storage full, ...) */
  notice: string | null;
  /** documents not yet delivered to analytics */
  pending: number;
}

/** What answering needs; the chat endpoint's source and the link extractor live in the lazy panel chunk. */
export interface Answering {
  source: AnswerSource | undefined;
  extractLinks(markdown: string): Link[];
}

export interface ChatSessionDeps {
  logger: ConversationLogger;
  pointer: CurrentConversation;
  /** Conversation-level fields from the configuration (the support ticket); keys left out leave stored ones alone. */
  fields: () => { supportTicketConversationId?: string | null; externalUrl?: string | null };
  /** The page a question is asked on, for its `properties.page` (null: not recorded). Around the chat (issue 13). */
  pageContext?: () => PageContext | null;
  answering: () => Promise<Answering>;
  answerTimeoutMs: () => number;
  newId: () => string;
  /** A widget event: `messageId` names the message it is about; other keys are its own properties. */
  fire: (name: WidgetEventName, properties?: { messageId?: string; [key: string]: unknown }) => void;
  /** A message was stored and shown (the widget dispatches `support-copilot:message`). */
  message: (detail: { conversationId: string; messageId: string; role: string; content: string }) => void;
  /** `state` changed. */
  changed: () => void;
}

export interface ChatSession {
  readonly state: ChatState;
  conversationId(): string;
  /** Stores the visitor's question (durable before anything else), then answers it. `id` retries one shown as failed. */
  send(text: string, id?: string): Promise<void>;
  retry(messageId: string): Promise<void>;
  feedback(messageId: string, type: 'positive' | 'negative'): Promise<void>;
  /** The conversation shown, as events carry it. */
  snapshot(): EventConversation;
  /** Adds a host message to the current conversation and shows it. */
  log(input: MessageInput): Promise<Message>;
  newConversation(): void;
  /** Shows the stored history, following another tab's new conversation. */
  loadHistory(): Promise<void>;
  /** The configuration's ticket changed. */
  fieldsChanged(): void;
  /** Consent changed: the pointer moves to where consent allows. */
  consentChanged(): void;
  /** The logger reported an error or delivered something: refresh the status line. */
  loggerError(e: SupportCopilotError): void;
  refresh(): void;
  stop(): void;
}

/**
 * The source's deltas until `signal` aborts, then its reason: a host source that ignores its
 * signal (or a stalled stream) still ends on timeout, stop or a new conversation.
 */
async function* untilAborted(source: AsyncIterable<string>, signal: AbortSignal): AsyncGenerator<string> {
  const it = source[Symbol.asyncIterator]();
  let stop!: (reason: unknown) => void;
  const aborted = new Promise<never>((_, reject) => (stop = reject));
  const onAbort = () => stop(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      signal.throwIfAborted();
      const next = await Promise.race([it.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Tell the source we are done; one that never answers must not hold us.
    if (signal.aborted) void Promise.resolve(it.return?.()).catch(() => {});
  }
}

const toChat = (m: Message, newId: () => string): ChatMessage | null =>
  m.role === 'user' || m.role === 'assistant' ? { id: m.id ?? newId(), role: m.role, content: m.content ?? '', links: m.links ?? null, state: 'done' } : null;

export function createChatSession(d: ChatSessionDeps): ChatSession {
  const { logger } = d;
  const state: ChatState = { messages: [], busy: false, notice: null, pending: 0 };
  let answerCtrl: AbortController | undefined;

  const start = (id?: string): ConversationHandle => {
    const handle = logger.conversation({ ...(id ? { id } : {}), ...d.fields() });
    d.pointer.set(handle.id);
    return handle;
  };
  const remembered = d.pointer.get();
  let conv = start(remembered);
  // A remembered id with nothing stored on this device (evicted, or storage cleared) must not be
  // continued: its first request would replace the server's full list with a partial one.
  let mustHaveHistory = !!remembered;

  const setView = (id: string, patch: Partial<ChatMessage>) => {
    state.messages = state.messages.map((m) => (m.id === id ? { ...m, ...patch } : m));
    d.changed();
  };

  /** Appends to the current conversation; one whose stored history was set aside or lost is left for a new one. */
  const append = (input: MessageInput) =>
    conv.append(input).catch((e: SupportCopilotError) => {
      if (e?.code !== 'quarantined' && e?.code !== 'conversation_gone') throw e;
      conv = start();
      return conv.append(input);
    });

  async function send(text: string, id = d.newId()): Promise<void> {
    if (!state.messages.some((m) => m.id === id)) state.messages = [...state.messages, { id, role: 'user', content: text, state: 'done' }];
    setView(id, { state: 'done', error: undefined });
    try {
      const page = d.pageContext?.();
      await append({ id, role: 'user', content: text, ...(page ? { properties: { page } } : {}) });
    } catch (e) {
      // Not stored: keep it on screen with the reason and a Retry, never drop it.
      setView(id, { state: 'error', error: `Not saved: ${(e as Error).message}` });
      throw e;
    }
    d.fire('user_message_submitted', { messageId: id });
    d.message({ conversationId: conv.id, messageId: id, role: 'user', content: text });
    await answer();
  }

  async function answer(): Promise<void> {
    const { source, extractLinks } = await d.answering();
    if (!source) return;
    answerCtrl?.abort();
    const ctrl = (answerCtrl = new AbortController());
    const forConv = conv;
    const id = d.newId();
    const history = state.messages.filter((m) => m.state === 'done').map((m) => ({ role: m.role, content: m.content }));
    state.messages = [...state.messages, { id, role: 'assistant', content: '', state: 'streaming' }];
    state.busy = true;
    d.changed();
    const timeoutMs = d.answerTimeoutMs();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ctrl.abort(new Error(`No answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    };
    let content = '';
    try {
      arm();
      for await (const delta of untilAborted(source({ conversationId: forConv.id, messages: history, signal: ctrl.signal }), ctrl.signal)) {
        arm();
        content += String(delta);
        setView(id, { content });
      }
      const links = extractLinks(content);
      await forConv.append({ id, role: 'assistant', content, links });
      // Finished (with Helpful / Not helpful) once it is durable, like the user's own messages.
      setView(id, { state: 'done', links });
      d.fire('assistant_message_received', { messageId: id });
      d.fire('assistant_answer_displayed', { messageId: id });
      d.message({ conversationId: forConv.id, messageId: id, role: 'assistant', content });
    } catch (e) {
      if (answerCtrl !== ctrl && ctrl.signal.aborted) {
        // Superseded (a new question, a new conversation, destroy): an answer still on screen was never stored; it can be asked again.
        if (state.messages.some((m) => m.id === id)) setView(id, { state: 'error', error: 'Interrupted' });
        return;
      }
      const message = (e as Error)?.message ?? String(e);
      setView(id, { state: 'error', error: message });
      d.fire('chat_error', { messageId: id, error: message });
    } finally {
      clearTimeout(timer);
      if (answerCtrl === ctrl) {
        answerCtrl = undefined;
        state.busy = false;
        d.changed();
      }
    }
  }

  const session: ChatSession = {
    state,
    conversationId: () => conv.id,
    send,
    async retry(messageId) {
      const m = state.messages.find((v) => v.id === messageId);
      if (!m || state.busy) return;
      if (m.role === 'user') return send(m.content, m.id);
      state.messages = state.messages.filter((v) => v.id !== messageId);
      return answer();
    },
    async feedback(messageId, type) {
      setView(messageId, { feedback: type });
      // One feedback document per message: changing the vote updates it (the API upserts by id).
      await logger.feedback({ id: `${messageId}-feedback`, messageId, type });
      d.fire(type === 'positive' ? 'assistant_positive_feedback_submitted' : 'assistant_negative_feedback_submitted', { messageId, reasons: [] });
    },
    snapshot: () => ({
      id: conv.id,
      type: 'support_copilot',
      messages: state.messages.map(({ id, role, content, links }) => ({ id, role, content, links: links ?? null })),
    }),
    async log(input) {
      const stored = await append(input);
      const view = toChat(stored, d.newId);
      if (view && !state.messages.some((m) => m.id === view.id)) {
        state.messages = [...state.messages, view];
        d.changed();
      }
      return stored;
    },
    newConversation() {
      answerCtrl?.abort();
      answerCtrl = undefined;
      conv = start();
      state.messages = [];
      state.busy = false;
      d.changed();
    },
    async loadHistory() {
      const current = d.pointer.get();
      if (current && current !== conv.id && !state.busy) {
        // Another tab started a new conversation: follow it, and show only its messages. Empty here
        // means new there (starting yet another one would make the tabs chase each other's pointers).
        conv = start(current);
        mustHaveHistory = false;
        state.messages = [];
        d.changed();
      }
      const forConv = conv;
      const stored = await forConv.messages();
      if (forConv !== conv || state.busy) return;
      if (stored.length === 0) {
        if (mustHaveHistory && state.messages.length === 0) conv = start();
        mustHaveHistory = false;
        return;
      }
      mustHaveHistory = false;
      state.messages = stored.map((m) => toChat(m, d.newId)).filter((v): v is ChatMessage => v !== null);
      d.changed();
    },
    fieldsChanged: () => conv.set(d.fields()),
    consentChanged: () => d.pointer.set(conv.id),
    loggerError(e) {
      if (e.code === 'unauthorized') state.notice = 'Messages cannot be delivered right now (configuration error).';
      if (e.code === 'storage_full') state.notice = e.message;
      d.changed();
    },
    refresh() {
      const s = logger.stats();
      state.pending = s.pending;
      if (s.pending === 0 && state.notice && s.blocked === 0) state.notice = null;
      d.changed();
    },
    stop() {
      answerCtrl?.abort();
    },
  };
  return session;
}
