/**
 * The chat a visitor has, without any DOM: which conversation is current (remembered across
 * reloads and tabs), its history, sending a question (durable first) and answering it, stop and
 * regenerate, feedback kept in the stored answer, and recovery when a stored history is gone.
 * A question is unanswered while it is the conversation's last stored message: that is what makes
 * answers durable. One tab answers a conversation at a time (a Web Lock), re-reading the stored
 * conversation inside the lock, so two tabs never answer one question twice; a transient failure
 * waits with backoff (the wait stored per conversation, so a reload keeps it) or until the browser
 * is online again. The streaming, classifying, waiting and locking code lives in the lazy panel
 * chunk (chat/answering.ts); the widget renders `state` and calls these methods.
 */
import type { Message } from '../core/schema.ts';
import type { ConversationHandle, ConversationLogger, LoggerEvent, MessageInput, SupportCopilotError } from '../core/public-types.ts';
import type { EventConversation, PageContext, WidgetEventName } from '../widget-core/widget-types.ts';
import type { Answering, AnswerFlow, AnswerMode, ShownMessage } from './answer-flow.ts';
import type { CurrentConversation } from '../storage/current-conversation.ts';
import type { AnswerLimits } from './answer-stream.ts';

export type { Answering };

/** A message as the panel shows it. */
export type ChatMessage = ShownMessage;

export interface ChatState {
  messages: ChatMessage[];
  /** an answer is being generated: Send is "Stop generating" */
  busy: boolean;
  /** a problem to show in the status line (configuration error, storage full, ...) */
  notice: string | null;
  /** messages written here and not yet delivered to analytics */
  pending: number;
}

export interface ChatSessionDeps {
  logger: ConversationLogger;
  pointer: CurrentConversation;
  /** Conversation-level fields from the configuration (the support ticket); keys left out leave stored ones alone. */
  fields: () => { supportTicketConversationId?: string | null; externalUrl?: string | null };
  /** The page a question is asked on, for its `properties.page` (null: not recorded). Around the chat (issue 13). */
  pageContext?: () => PageContext | null;
  /** The answering kit (loads the panel chunk), or undefined when neither `chat` nor `answer` is configured. */
  answering: () => Promise<Answering | undefined>;
  /** the answer's idle timeout and overall cap (chat.idleTimeoutMs, chat.maxAnswerMs) */
  answerLimits: () => AnswerLimits;
  newId: () => string;
  now?: () => number;
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
  /** A failed message: stores it again (a question) or tries the answer now. */
  retry(messageId: string): Promise<void>;
  /** A new answer to the last question, appended after the last one (both stay). */
  regenerate(): Promise<void>;
  /** The visitor's vote, with the reasons and text of the "Not helpful" form. */
  feedback(messageId: string, type: 'positive' | 'negative', reasons?: string[], details?: string): Promise<void>;
  /** The conversation shown, as events carry it. */
  snapshot(): EventConversation;
  /** Adds a host message to the current conversation and shows it. */
  log(input: MessageInput): Promise<Message>;
  newConversation(): void;
  /** Shows the stored history, following another tab's new conversation; answers a question left unanswered. */
  loadHistory(): Promise<void>;
  /**
   * Settles once the first `loadHistory()` has chosen the conversation this tab writes to (the
   * remembered one, another tab's, or a new one when the remembered one has nothing stored here),
   * before any answer it asks for: what `support-copilot:ready` names.
   */
  chosen(): Promise<void>;
  /** The configuration's ticket changed. */
  fieldsChanged(): void;
  /** Consent changed: the pointer moves to where consent allows. */
  consentChanged(): void;
  /** The logger reported an error. */
  loggerError(e: SupportCopilotError): void;
  /** An outbox event (or none): recounts the messages waiting for delivery. */
  refresh(e?: LoggerEvent): void;
  /** Stops the answer being generated; it is kept as far as it got. */
  stopAnswer(): void;
  /** Ends every answer and wait (destroy). */
  stop(): void;
}

let warnedNoSource = false;

const toChat = ({ id, role, content, links, properties: p }: Message, newId: () => string): ChatMessage | null =>
  role === 'user' || role === 'assistant'
    ? {
        id: id ?? newId(),
        role,
        content: content ?? '',
        links: links ?? null,
        state: 'done',
        // What the visitor did to a stored answer: stopped it, voted on it; and whether it was cut off (the panel knows the reasons).
        stopped: p?.stopped === true || undefined,
        finishReason: p?.finishReason as ChatMessage['finishReason'],
        feedback: p?.feedback === 'positive' || p?.feedback === 'negative' ? p.feedback : undefined,
      }
    : null;

export function createChatSession(d: ChatSessionDeps): ChatSession {
  const { logger } = d;
  const now = d.now ?? Date.now;
  const state: ChatState = { messages: [], busy: false, notice: null, pending: 0 };
  // Message writes not yet delivered ([conversation key, revision]): the status line counts messages, not documents.
  let unsent: [string, number][] = [];

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
  let chose = () => {};
  const chosen = new Promise<void>((resolve) => (chose = resolve));

  const setView = (id: string, patch: Partial<ChatMessage>) => {
    state.messages = state.messages.map((m) => (m.id === id ? { ...m, ...patch } : m));
    d.changed();
  };
  const show = (m: ChatMessage) => {
    // An answer's failure note (not stored) gives way to whatever comes next.
    state.messages = [...state.messages.filter((v) => !v.failure && v.id !== m.id), m];
    d.changed();
  };
  const showStored = (stored: Message[]) => {
    state.messages = stored.map((m) => toChat(m, d.newId)).filter((v): v is ChatMessage => v !== null);
    d.changed();
  };
  // The answering flow comes with the panel chunk; created on the first answer.
  let flow: AnswerFlow | undefined;
  async function answer(mode: AnswerMode, asked?: string): Promise<void> {
    // null: the panel chunk could not be loaded (the widget reports it; there is no panel to say more in).
    const a = await d.answering().then(undefined, () => null);
    if (a === null) return;
    if (!a) {
      if (!warnedNoSource) console.error('[SupportCopilot] no answer source: set the `chat` option (data-chat-url) or `answer`');
      warnedNoSource = true;
      show({ id: d.newId(), role: 'assistant', content: '', state: 'error', failure: { kind: 'no_source', transient: false } });
      return;
    }
    flow ??= a.flow({ ...d, state, conversation: () => conv, show, setView, showStored, now });
    return flow.answer(mode, a, asked);
  }

  /** Appends to the current conversation; one whose stored history was set aside or lost is left for a new one. */
  const append = (input: MessageInput) =>
    conv.append(input).then(undefined, (e: SupportCopilotError) => {
      if (e?.code !== 'quarantined' && e?.code !== 'conversation_gone') throw e;
      conv = start();
      return conv.append(input);
    });

  async function send(text: string, id = d.newId()): Promise<void> {
    if (!state.messages.some((m) => m.id === id)) show({ id, role: 'user', content: text, state: 'done' });
    setView(id, { state: 'done', error: undefined });
    try {
      const page = d.pageContext?.();
      await append({ id, role: 'user', content: text, ...(page ? { properties: { page } } : {}) });
    } catch (e) {
      // Not stored: keep it on screen with the reason and a Retry, never drop it.
      setView(id, { state: 'error', error: (e as SupportCopilotError)?.code ?? 'unexpected' });
      throw e;
    }
    d.fire('user_message_submitted', { messageId: id });
    d.message({ conversationId: conv.id, messageId: id, role: 'user', content: text });
    await answer('now', id);
  }

  /** loadHistory()'s first part: the conversation to show and write to, and its stored messages shown; true when its last question waits for an answer. */
  async function choose(): Promise<boolean> {
    const current = d.pointer.get();
    if (current && current !== conv.id && !state.busy) {
      // Another tab started a new conversation: follow it, and show only its messages. Empty here
      // means new there (starting yet another one would make the tabs chase each other's pointers).
      flow?.abort();
      conv = start(current);
      mustHaveHistory = false;
      state.messages = [];
      d.changed();
    }
    // Only a remembered conversation with nothing stored here is replaced below: otherwise the choice is made (and
    // `ready` need not wait for a read that may wait on the engine's start, as a write queued at start makes it).
    if (!mustHaveHistory) chose();
    const forConv = conv;
    const stored = await forConv.messages();
    if (forConv !== conv || state.busy) return false;
    if (stored.length === 0) {
      if (mustHaveHistory && state.messages.length === 0) conv = start();
      mustHaveHistory = false;
      return false;
    }
    mustHaveHistory = false;
    const failure = state.messages.find((m) => m.failure);
    showStored(stored);
    if (failure) state.messages = [...state.messages, failure];
    return stored.at(-1)?.role === 'user';
  }

  const session: ChatSession = {
    state,
    conversationId: () => conv.id,
    send,
    async retry(messageId) {
      const m = state.messages.find((v) => v.id === messageId);
      if (!m || state.busy) return;
      if (m.role === 'user') return send(m.content, m.id);
      // Try now, whatever the stored wait says: the visitor asked.
      state.messages = state.messages.filter((v) => v.id !== messageId);
      d.changed();
      const last = ((await conv.messages()).at(-1) ?? state.messages.filter((v) => !v.failure).at(-1))?.role;
      return answer(last === 'user' ? 'now' : 'again');
    },
    regenerate: () => answer('again'),
    async feedback(messageId, type, reasons, details) {
      setView(messageId, { feedback: type });
      // The vote lives in the stored answer, so a reload or another tab shows it (re-appending an id replaces that message).
      const stored = (await conv.messages()).find((m) => m.id === messageId);
      if (stored) await append({ ...stored, properties: { ...stored.properties, feedback: type }, updatedAt: new Date(now()) });
      // One feedback document per message: changing the vote updates it (the API upserts by id). The SDK requires `details` on each reason.
      const why = reasons?.map((label) => ({ label, details: details ?? '' }));
      await logger.feedback({ id: `${messageId}-feedback`, messageId, type, ...(why ? { reasons: why, details: details ?? '' } : {}) });
      d.fire(type === 'positive' ? 'assistant_positive_feedback_submitted' : 'assistant_negative_feedback_submitted', { messageId, reasons: why ?? [] });
    },
    snapshot: () => ({
      id: conv.id,
      type: 'support_copilot',
      messages: state.messages.filter((m) => !m.failure).map(({ id, role, content, links }) => ({ id, role, content, links: links ?? null })),
    }),
    async log(input) {
      const stored = await append(input);
      const view = toChat(stored, d.newId);
      if (view && !state.messages.some((m) => m.id === view.id)) show(view);
      return stored;
    },
    newConversation() {
      flow?.abort();
      conv = start();
      state.messages = [];
      state.busy = false;
      d.changed();
    },
    async loadHistory() {
      let ask = false;
      try {
        ask = await choose();
      } finally {
        chose();
      }
      if (ask) await answer('auto');
    },
    chosen: () => chosen,
    fieldsChanged: () => conv.set(d.fields()),
    consentChanged: () => d.pointer.set(conv.id),
    loggerError(e) {
      if (e.code === 'unauthorized') state.notice = 'Messages cannot be delivered right now (configuration error).';
      if (e.code === 'storage_full') state.notice = e.message;
      d.changed();
    },
    refresh(e) {
      if (e?.type === 'stored' && e.key.startsWith('conversation:')) unsent.push([e.key, e.rev]);
      if (e?.type === 'delivered') unsent = unsent.filter(([key, rev]) => key !== e.key || rev > e.rev);
      const s = logger.stats();
      state.pending = unsent.length;
      if (s.pending === 0 && state.notice && s.blocked === 0) state.notice = null;
      d.changed();
    },
    stopAnswer: () => flow?.abort('stop'),
    stop: () => flow?.abort(),
  };
  return session;
}
