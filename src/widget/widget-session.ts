/**
 * The widget's chat session: the DOM-free session (chat/chat-session.ts) given what the widget
 * knows: its configuration, the answering code from the panel chunk, the event bus and the UI.
 */
import { answerRules } from '../chat/answer-rules.ts';
import { createChatSession, type ChatSession } from '../chat/chat-session.ts';
import { uuidv7 } from '../core/ids.ts';
import type { ConversationLogger } from '../core/public-types.ts';
import type { StorageNames } from '../core/storage-names.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import type { CurrentConversation } from '../storage/current-conversation.ts';
import type { EventBus } from '../widget-core/event-bus.ts';
import type { ChatEndpointConfig, PageContext, WidgetConfig } from '../widget-core/widget-types.ts';
import type { WidgetUi } from './ui-contracts.ts';

export interface WidgetSessionDeps {
  config: () => WidgetConfig;
  /** The project's storage names (core/storage-names.ts). */
  names: StorageNames;
  logger: ConversationLogger;
  pointer: CurrentConversation;
  page: () => PageContext | null;
  /** Known only once they exist (the session is made first). */
  bus: () => EventBus;
  ui: () => WidgetUi | undefined;
}

export function createWidgetSession(d: WidgetSessionDeps): ChatSession {
  const wc = d.config;
  return createChatSession({
    logger: d.logger,
    pointer: d.pointer,
    // No `ticket` option: fields a contact form's ticket wrote onto the conversation stay.
    fields: () => ('ticket' in wc() ? { supportTicketConversationId: wc().ticket?.id ?? null, externalUrl: wc().ticket?.url ?? null } : {}),
    pageContext: d.page,
    async answering() {
      const { chat, answer } = wc();
      if (!chat?.url && !answer) return undefined;
      // The answering code is in the panel chunk: a question left unanswered loads it (a reload, another tab).
      const chunk = await d.ui()?.panelChunk();
      if (!chunk) throw new SupportCopilotError('panel_unavailable', 'The chat panel could not be loaded');
      return chunk.createAnswering(answer ?? chunk.answerSource(chat as ChatEndpointConfig), { ...answerRules, namespace: d.names.db });
    },
    answerLimits: () => ({ idleMs: wc().chat?.idleTimeoutMs ?? wc().answerTimeoutMs ?? 3e4, maxMs: wc().chat?.maxAnswerMs ?? 3e5 }),
    newId: () => uuidv7(),
    fire: (name, properties) => d.bus().fire(name, properties),
    message: (detail) => d.ui()?.dom('message', detail),
    changed: () => d.ui()?.render(),
  });
}
