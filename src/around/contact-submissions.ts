/**
 * The contact form's side of "around the chat", without DOM: turning a filled form into a durable
 * submission (tickets/ sends it exactly once), linking the ticket onto its conversation, and what
 * the visitor sees of the current conversation's latest submission.
 */
import type { ConversationLogger } from '../core/public-types.ts';
import type { StorageNames } from '../core/storage-names.ts';
import type { TicketSubmission } from '../widget-core/ticket-submission.ts';
import type { PageContext, TicketRequest, WidgetConfig } from '../widget-core/widget-types.ts';
import { hostCreateTicket, httpCreateTicket } from '../tickets/create-ticket.ts';
import { createTicketSender, type TicketSender } from '../tickets/ticket-sender.ts';
import { openTicketStore, type TicketStore } from '../tickets/ticket-store.ts';

export interface ContactForm {
  name: string;
  email: string;
  description: string;
  attach: boolean;
}

/** The current conversation's latest submission, as the contact view shows it. */
export interface SubmissionView {
  state: 'sending' | 'offline' | 'sent' | 'failed';
  email: string;
  ticketId?: string;
  ticketUrl?: string;
  error?: string;
}

export interface ContactDeps {
  config: () => WidgetConfig;
  /** The project's storage names (core/storage-names.ts). */
  names: StorageNames;
  logger: ConversationLogger;
  conversationId: () => string;
  transcript: () => Promise<string>;
  pageContext: () => PageContext | null;
  newId: () => string;
  changed: () => void;
  report: (e: unknown) => void;
  now: () => number;
  store?: TicketStore;
}

export interface ContactSubmissions {
  readonly available: boolean;
  /** null: show the form. */
  view(): SubmissionView | null;
  refresh(): void;
  submit(form: ContactForm): void;
  retry(): void;
  /** "Send another message": the form again. */
  another(): void;
  /** A conversation got a message: a ticket waiting for one can be linked now. */
  messageStored(): void;
  stop(): void;
}

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

export function contactSubmissions(d: ContactDeps): ContactSubmissions {
  const { logger } = d;
  const store = d.store ?? openTicketStore(d.names.tickets);
  let latest: TicketSubmission | null = null;
  let dismissed = '';
  const caught = (p: Promise<unknown>) => void p.then(undefined, d.report);
  const available = () => !!(d.config().createTicket || d.config().ticketUrl);

  /** The conversation's latest submission, refreshed whenever one changes (here or in another tab). */
  async function refresh(): Promise<void> {
    const id = d.conversationId();
    const mine = (await store.all()).filter((s) => s.request.conversationId === id).sort((a, b) => (a.request.createdAt < b.request.createdAt ? 1 : -1));
    latest = mine[0] ?? null;
    d.changed();
  }

  // Created when there is something to send: a page without a contact form opens no channel.
  let senderRef: TicketSender | undefined;
  const sender = () =>
    (senderRef ??= createTicketSender({
      store,
      names: d.names,
      create(request: TicketRequest) {
        const { createTicket, ticketUrl, requestTimeoutMs, apiKey, analyticsUrl } = d.config();
        if (createTicket) return hostCreateTicket(createTicket, request);
        if (ticketUrl) {
          const url = new URL(ticketUrl, document.baseURI).href;
          return httpCreateTicket(url, request, { timeoutMs: requestTimeoutMs ?? 30_000, analytics: { apiKey, url: analyticsUrl } });
        }
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
      changed: () => caught(refresh()),
      now: d.now,
    }));
  // Submissions of earlier pages, or of other tabs: sent from here too.
  if (available()) caught(sender().run());

  return {
    get available() {
      return available();
    },
    view() {
      const s = latest;
      if (!s || s.request.conversationId !== d.conversationId() || dismissed === s.id) return null;
      return {
        state: s.state === 'sent' ? 'sent' : s.state === 'failed' ? 'failed' : isOffline() ? 'offline' : 'sending',
        email: s.request.email,
        ...(s.ticket ? { ticketId: s.ticket.id, ...(s.ticket.url ? { ticketUrl: s.ticket.url } : {}) } : {}),
        ...(s.lastError && s.state === 'failed' ? { error: s.lastError } : {}),
      };
    },
    refresh: () => caught(refresh()),
    submit(form) {
      caught(
        (async () => {
          const request: TicketRequest = {
            submissionId: d.newId(),
            name: form.name.trim(),
            email: form.email.trim(),
            description: form.description.trim(),
            conversationId: d.conversationId(),
            transcript: form.attach ? await d.transcript() : null,
            page: d.pageContext(),
            userProperties: logger.identity().userProperties,
            createdAt: new Date(d.now()).toISOString(),
          };
          latest = await sender().submit(request);
          d.changed();
        })(),
      );
    },
    retry: () => latest && caught(sender().retry(latest.id)),
    another() {
      dismissed = latest?.id ?? '';
      d.changed();
    },
    messageStored: () => senderRef && caught(senderRef.run()),
    stop: () => senderRef?.stop(),
  };
}
