/**
 * What happens around the chat, without any DOM of its own: the "Get help" menu and its offer
 * after "Not helpful", the contact form's submissions (durable, sent exactly once: tickets/), the
 * visitor's conversations on this device (reopen, delete), the transcript. Lives in the panel
 * chunk; the widget creates it when the chunk loads and gives its props to the panel.
 */
import type { ChatSession } from '../chat-session.ts';
import type { ConversationLogger, ConversationSummary } from '../core/public-types.ts';
import { transcriptFileName, transcriptMarkdown } from '../core/transcript.ts';
import type { TicketSubmission } from '../core/ticket-submission.ts';
import type { PageContext, Strings, TicketRequest, WidgetConfig, WidgetEventName, WidgetView } from '../core/widget-types.ts';
import type { CurrentConversation } from '../storage/current-conversation.ts';
import { hostCreateTicket, httpCreateTicket } from '../tickets/create-ticket.ts';
import { createTicketSender, type TicketSender } from '../tickets/ticket-sender.ts';
import { openTicketStore, type TicketStore } from '../tickets/ticket-store.ts';
import { hiddenConversations } from './hidden-conversations.ts';

/** A "Get help" entry as the panel shows it. */
export interface HelpEntry {
  name: string;
  type: 'open_link' | 'invoke_callback' | 'open_form';
  url?: string;
}

/** The current conversation's latest submission, as the contact view shows it. */
export interface SubmissionView {
  state: 'sending' | 'offline' | 'sent' | 'failed';
  email: string;
  ticketId?: string;
  ticketUrl?: string;
  error?: string;
}

export interface ContactForm {
  name: string;
  email: string;
  description: string;
  attach: boolean;
}

export interface AroundProps {
  inline: boolean;
  view: WidgetView;
  locale: string;
  help: HelpEntry[];
  menuOpen: boolean;
  /** the help offer under the chat, after "Not helpful" */
  offer: boolean;
  canContact: boolean;
  canDownload: boolean;
  /** null while loading */
  history: ConversationSummary[] | null;
  currentId: string;
  prefill: Omit<ContactForm, 'attach'>;
  submission: SubmissionView | null;
  /** polite announcement (a deletion) */
  announce: string;
  onView(view: WidgetView): void;
  onMenu(open: boolean): void;
  onHelp(index: number): void;
  onDismissOffer(): void;
  onOpenConversation(id: string): void;
  onDeleteConversation(id: string): void;
  onNewConversation(): void;
  onDownload(): void;
  onSubmit(form: ContactForm): void;
  onRetrySubmission(): void;
  onSendAnother(): void;
}

export interface AroundDeps {
  config: () => WidgetConfig;
  strings: () => Strings;
  locale: () => string;
  logger: ConversationLogger;
  session: ChatSession;
  pointer: CurrentConversation;
  fire: (name: WidgetEventName, properties?: { messageId?: string; [key: string]: unknown }) => void;
  on: (name: WidgetEventName, listener: () => void) => () => void;
  pageContext: () => PageContext | null;
  close: () => void;
  changed: () => void;
  report: (e: unknown) => void;
  newId: () => string;
  now?: () => number;
  /** Tests: storage and the browser's download. */
  store?: TicketStore;
  download?: (name: string, text: string) => void;
}

export interface AroundController {
  props(): AroundProps;
  /** `open(view)`: the chat, the contact form or the conversations list. */
  show(view: WidgetView): void;
  destroy(): void;
}

function saveFile(name: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

export function createAroundController(d: AroundDeps): AroundController {
  const now = d.now ?? Date.now;
  const cfg = d.config;
  const { session, logger } = d;
  const store = d.store ?? openTicketStore();
  const hidden = hiddenConversations(() => !logger.consent().optOutFunctionalCookies);
  let view: WidgetView = 'chat';
  let menuOpen = false;
  let offer = false;
  let history: ConversationSummary[] | null = null;
  let announce = '';
  let latest: TicketSubmission | null = null;
  let formFor = '';
  const guard = (p: Promise<unknown>) => void p.catch(d.report);
  const set = (fn: () => void) => {
    fn();
    d.changed();
  };

  const canContact = () => !!(cfg().createTicket || cfg().ticketUrl);
  const helpOptions = () => (cfg().getHelp ?? []).filter((o) => o.action.type !== 'open_form' || canContact());

  /** The transcript of the conversation shown: stored messages (with times), else what is on screen. */
  async function transcript(): Promise<string> {
    const id = session.conversationId();
    const stored = await logger.conversation({ id }).messages().catch(() => []);
    const messages = stored.length ? stored : session.state.messages;
    const s = d.strings();
    return transcriptMarkdown(id, messages, { title: s.transcriptTitle, you: s.you, assistant: s.assistant }, d.locale(), now());
  }

  /** The conversation's latest submission, refreshed whenever one changes (here or in another tab). */
  async function refreshSubmission(): Promise<void> {
    const id = session.conversationId();
    const mine = (await store.all()).filter((s) => s.request.conversationId === id).sort((a, b) => (a.request.createdAt < b.request.createdAt ? 1 : -1));
    latest = mine[0] ?? null;
    d.changed();
  }

  // Created when there is something to send: a page without a contact form opens no channel.
  let senderRef: TicketSender | undefined;
  const sender = () =>
    (senderRef ??= createTicketSender({
    store,
    create(request: TicketRequest) {
      const { createTicket, ticketUrl } = cfg();
      if (createTicket) return hostCreateTicket(createTicket, request);
      if (ticketUrl) return httpCreateTicket(new URL(ticketUrl, document.baseURI).href, request, { timeoutMs: cfg().requestTimeoutMs ?? 30_000 });
      return Promise.resolve({ kind: 'failed', error: 'no createTicket or ticketUrl configured' });
    },
    async link(s) {
      // Nothing is stored when all analytics are off: nothing to link to.
      if (logger.consent().optOutAllAnalytics) return true;
      const handle = logger.conversation({ id: s.request.conversationId });
      if (!(await handle.messages()).length) return false;
      await handle.update({ supportTicketConversationId: s.ticket!.id, ...(s.ticket!.url ? { externalUrl: s.ticket!.url } : {}) });
      return true;
    },
    changed: () => guard(refreshSubmission()),
    now,
  }));
  if (canContact()) void sender().run();

  async function loadHistory(): Promise<void> {
    const all = await logger.conversations();
    const listed: ConversationSummary[] = [];
    for (const c of all) {
      if (!hidden.has(c.id)) listed.push(c);
      // Deleted before it was delivered: deleted now that it is.
      else if (c.delivered && (await logger.forgetConversation(c.id))) hidden.remove(c.id);
    }
    for (const id of hidden.all()) if (!all.some((c) => c.id === id)) hidden.remove(id);
    history = listed;
    d.changed();
  }

  function show(next: WidgetView): void {
    if (next === 'contact' && !canContact()) next = 'chat';
    set(() => {
      view = next;
      menuOpen = false;
      announce = '';
    });
    if (next === 'conversations') guard(loadHistory());
    if (next === 'contact') guard(refreshSubmission());
  }

  const offSubscriptions = [
    d.on('assistant_negative_feedback_submitted', () => helpOptions().length && set(() => (offer = true))),
    // A ticket sent before its conversation had a stored message is linked once it has one.
    d.on('user_message_submitted', () => void senderRef?.run()),
    d.on('chat_clear_button_clicked', () => (offer = false)),
  ];

  function onHelp(index: number): void {
    const option = helpOptions()[index];
    if (!option) return;
    const { action } = option;
    d.fire('get_help_option_clicked', { getHelpOption: { name: option.name, action: { type: action.type, ...(action.type === 'open_link' ? { url: action.url } : {}) } } });
    d.fire('user_escalation_indicated', {
      escalationType: action.type === 'open_form' ? 'contact_form' : action.type === 'open_link' ? 'link' : 'callback',
      getHelpOptionName: option.name,
    });
    set(() => (menuOpen = false));
    if (action.type === 'open_form') show('contact');
    else if (action.type === 'invoke_callback') {
      if (action.shouldCloseModal) d.close();
      try {
        action.callback({ conversation: session.snapshot() });
      } catch (e) {
        d.report(e);
      }
    }
    // open_link: the panel renders a real link; the browser opens it.
  }

  function props(): AroundProps {
    const id = session.conversationId();
    const user = logger.identity().userProperties as { name?: unknown; email?: unknown };
    const firstQuestion = session.state.messages.find((m) => m.role === 'user')?.content ?? '';
    const s = latest?.request.conversationId === id ? latest : null;
    return {
      inline: cfg().mode === 'inline',
      view,
      locale: d.locale(),
      help: helpOptions().map((o) => ({ name: o.name, type: o.action.type, ...(o.action.type === 'open_link' ? { url: o.action.url } : {}) })),
      menuOpen,
      offer,
      canContact: canContact(),
      canDownload: session.state.messages.length > 0,
      history,
      currentId: id,
      prefill: { name: typeof user.name === 'string' ? user.name : '', email: typeof user.email === 'string' ? user.email : '', description: firstQuestion },
      submission:
        s && formFor !== s.id
          ? {
              state: s.state === 'sent' ? 'sent' : s.state === 'failed' ? 'failed' : isOffline() ? 'offline' : 'sending',
              email: s.request.email,
              ...(s.ticket ? { ticketId: s.ticket.id, ...(s.ticket.url ? { ticketUrl: s.ticket.url } : {}) } : {}),
              ...(s.lastError && s.state === 'failed' ? { error: s.lastError } : {}),
            }
          : null,
      announce,
      onView: show,
      onMenu: (open) => set(() => (menuOpen = open)),
      onHelp,
      onDismissOffer: () => set(() => (offer = false)),
      onOpenConversation(target) {
        if (target !== session.conversationId() && !session.state.busy) {
          // The session follows the pointer to a stored conversation (as it follows another tab's).
          session.newConversation();
          d.pointer.set(target);
          guard(session.loadHistory());
        }
        show('chat');
      },
      onDeleteConversation(target) {
        guard(
          (async () => {
            if (target === session.conversationId()) session.newConversation();
            if (!(await logger.forgetConversation(target))) hidden.add(target);
            announce = d.strings().conversationDeleted;
            await loadHistory();
          })(),
        );
      },
      onNewConversation() {
        d.fire('chat_clear_button_clicked');
        session.newConversation();
        offer = false;
        show('chat');
      },
      onDownload: () => guard(transcript().then((md) => (d.download ?? saveFile)(transcriptFileName(now()), md))),
      onSubmit(form) {
        guard(
          (async () => {
            const request: TicketRequest = {
              submissionId: d.newId(),
              name: form.name.trim(),
              email: form.email.trim(),
              description: form.description.trim(),
              conversationId: session.conversationId(),
              transcript: form.attach ? await transcript() : null,
              page: d.pageContext(),
              userProperties: logger.identity().userProperties,
              createdAt: new Date(now()).toISOString(),
            };
            formFor = '';
            latest = await sender().submit(request);
            d.changed();
          })(),
        );
      },
      onRetrySubmission: () => s && guard(sender().retry(s.id)),
      onSendAnother: () => set(() => (formFor = s?.id ?? '')),
    };
  }

  return {
    props,
    show,
    destroy() {
      senderRef?.stop();
      for (const off of offSubscriptions) off();
    },
  };
}
