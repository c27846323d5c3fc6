/**
 * What happens around the chat, without any DOM of its own: the "Get help" menu and its offer
 * after "Not helpful", the contact form's submissions (durable, sent exactly once: tickets/), the
 * visitor's conversations on this device (reopen, delete), the transcript. Lives in the panel
 * chunk; the widget creates it when the chunk loads and gives its props to the panel.
 */
import type { ChatSession } from '../chat/chat-session.ts';
import type { ConversationLogger, ConversationSummary } from '../core/public-types.ts';
import type { StorageNames } from '../core/storage-names.ts';
import { transcriptFileName, transcriptMarkdown } from '../widget-core/transcript.ts';
import type { GetHelpOption, PageContext, Strings, WidgetConfig, WidgetEvent, WidgetView } from '../widget-core/widget-types.ts';
import { saysNoAnswer } from '../widget-core/says-no-answer.ts';
import type { CurrentConversation } from '../storage/current-conversation.ts';
import type { TicketStore } from '../tickets/ticket-store.ts';
import type { EventBus } from '../widget-core/event-bus.ts';
import { contactSubmissions, type ContactForm, type SubmissionView } from './contact-submissions.ts';
import { hiddenConversations } from './hidden-conversations.ts';
import { bare } from '../core/own-copy.ts';
import { guarded } from '../core/guarded.ts';

/** A "Get help" entry as the panel shows it. */
export interface HelpEntry {
  name: string;
  type: 'open_link' | 'invoke_callback' | 'open_form';
  url?: string;
}

export type { ContactForm, SubmissionView } from './contact-submissions.ts';

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
  /** false where the browser blocks storage: the list lasts as long as the page */
  kept: boolean;
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
  /** The project's storage names (core/storage-names.ts). */
  names: StorageNames;
  strings: () => Strings;
  locale: () => string;
  logger: ConversationLogger;
  session: ChatSession;
  pointer: CurrentConversation;
  events: Pick<EventBus, 'fire' | 'on'>;
  pageContext: () => PageContext | null;
  close: () => void;
  changed: () => void;
  report: (e: unknown) => void;
  /** The view `open(view)` asked for before the chunk loaded. */
  view?: WidgetView | undefined;
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
  a.href = URL.createObjectURL(new Blob([text], bare({ type: 'text/markdown;charset=utf-8' })));
  a.download = name;
  a.click();
  setTimeout(guarded(() => URL.revokeObjectURL(a.href)), 10_000);
}

export function createAroundController(d: AroundDeps): AroundController {
  const now = d.now ?? Date.now;
  const cfg = d.config;
  const { session, logger } = d;
  const hidden = hiddenConversations(d.names.hidden, () => !logger.consent().optOutFunctionalCookies);
  let view: WidgetView = 'chat';
  let menuOpen = false;
  let offer = false;
  let history: ConversationSummary[] | null = null;
  let announce = '';
  const caught = (p: Promise<unknown>) => void p.then(undefined, d.report);
  const set = (fn: () => void) => {
    fn();
    d.changed();
  };

  /**
   * The Get help entries: the host's `getHelp`, or else those its plain options make: the contact
   * form (with `ticketUrl` or `createTicket`), an email link, a page. So a script tag with
   * `data-ticket-url` or `data-support-email` alone offers a person.
   */
  const helpOptions = (): GetHelpOption[] => {
    const c = cfg();
    const s = d.strings();
    const made: GetHelpOption[] = [
      { name: s.contactTitle, action: { type: 'open_form' } },
      ...(c.supportEmail ? [{ name: s.helpEmail, action: { type: 'open_link' as const, url: `mailto:${c.supportEmail}` } }] : []),
      ...(c.supportUrl ? [{ name: s.helpPage, action: { type: 'open_link' as const, url: c.supportUrl } }] : []),
    ];
    return (c.getHelp ?? made).filter((o) => o.action.type !== 'open_form' || contact.available);
  };
  /** The question the visitor may want a person for: the one whose answer was offered help, else the latest. */
  let askedAbout: string | undefined;
  const questionBefore = (messageId?: unknown) => {
    const all = session.state.messages;
    const at = all.findIndex((m) => m.id === messageId);
    return all.slice(0, at < 0 ? all.length : at).filter((m) => m.role === 'user').at(-1)?.content;
  };
  /** The help offer under the chat, unless turned off or there is nobody to offer. */
  const offerFor = (messageId: unknown) => {
    if (cfg().offerHelp === false || !helpOptions().length) return;
    askedAbout = questionBefore(messageId);
    set(() => (offer = true));
  };
  const aboutMessage = (e: WidgetEvent) => e.properties.message;

  /** The transcript of the conversation shown: stored messages (with times), else what is on screen. */
  async function transcript(): Promise<string> {
    const id = session.conversationId();
    const stored = await logger.conversation({ id }).messages().then(undefined, () => []);
    const messages = stored.length ? stored : session.state.messages;
    const s = d.strings();
    return transcriptMarkdown(id, messages, { title: s.transcriptTitle, you: s.you, assistant: s.assistant }, d.locale(), now());
  }

  const contact = contactSubmissions({ ...d, conversationId: () => session.conversationId(), transcript, now });

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
    if (next === 'contact' && !contact.available) next = 'chat';
    set(() => {
      view = next;
      menuOpen = false;
      announce = '';
    });
    if (next === 'conversations') caught(loadHistory());
    if (next === 'contact') contact.refresh();
  }

  const offSubscriptions = [
    d.events.on('assistant_negative_feedback_submitted', (e) => offerFor(aboutMessage(e)?.id)),
    // An answer that says it does not know: the person path at once, as after "Not helpful".
    d.events.on('assistant_message_received', (e) => {
      const m = aboutMessage(e);
      if (m && saysNoAnswer(m.content)) offerFor(m.id);
    }),
    // A ticket sent before its conversation had a stored message is linked once it has one.
    d.events.on('user_message_submitted', contact.messageStored),
    d.events.on('chat_clear_button_clicked', () => ((offer = false), (askedAbout = undefined))),
  ];

  function onHelp(index: number): void {
    const option = helpOptions()[index];
    if (!option) return;
    const { action } = option;
    d.events.fire('get_help_option_clicked', { getHelpOption: { name: option.name, action: { type: action.type, ...(action.type === 'open_link' ? { url: action.url } : {}) } } });
    d.events.fire('user_escalation_indicated', {
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
    const question = askedAbout ?? questionBefore() ?? '';
    return {
      inline: cfg().mode === 'inline',
      view,
      locale: d.locale(),
      help: helpOptions().map((o) => ({ name: o.name, type: o.action.type, ...(o.action.type === 'open_link' ? { url: o.action.url } : {}) })),
      menuOpen,
      offer,
      canContact: contact.available,
      canDownload: session.state.messages.length > 0,
      history,
      kept: logger.stats().storage !== 'memory',
      currentId: id,
      prefill: { name: typeof user.name === 'string' ? user.name : '', email: typeof user.email === 'string' ? user.email : '', description: question },
      submission: contact.view(),
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
          caught(session.loadHistory());
        }
        show('chat');
      },
      onDeleteConversation(target) {
        caught(
          (async () => {
            if (target === session.conversationId()) session.newConversation();
            if (!(await logger.forgetConversation(target))) hidden.add(target);
            announce = d.strings().conversationDeleted;
            await loadHistory();
          })(),
        );
      },
      onNewConversation() {
        d.events.fire('chat_clear_button_clicked');
        session.newConversation();
        show('chat');
      },
      onDownload: () => caught(transcript().then((md) => (d.download ?? saveFile)(transcriptFileName(now()), md))),
      onSubmit: contact.submit,
      onRetrySubmission: contact.retry,
      onSendAnother: contact.another,
    };
  }

  if (d.view) show(d.view);
  return {
    props,
    show,
    destroy() {
      contact.stop();
      for (const off of offSubscriptions) off();
    },
  };
}
