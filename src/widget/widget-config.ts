/** The widget's own options, on top of the logger's; validated at the door like them. */
import * as z from 'zod/mini';
import type { LoggerConfig } from '../core/public-types.ts';
import type { WidgetConfig } from '../widget-core/widget-types.ts';
import { parseOrThrow } from '../core/parse-or-throw.ts';
import { LOGGER_KEYS, warnUnknownKeys } from '../core/config.ts';
import { ownCopy, unpolluted } from '../core/own-copy.ts';
import { COLOUR, isPageUrl } from '../core/option-rules.ts';

const PAGE_URL = 'expected an http(s) URL';
import { isJsonData, isPlainObject } from '../core/schema.ts';
import { normalizeShortcut } from '../widget-core/shortcut.ts';
import { invalidInput, type SupportCopilotError } from '../core/support-copilot-error.ts';

/** A Get help action; links only to pages (http(s), or relative) and email, never `javascript:`. */
const isAction = ({ type, url, callback }: { type?: unknown; url?: unknown; callback?: unknown }) =>
  type === 'open_form' || (type === 'open_link' && isPageUrl(url, ['http:', 'https:', 'mailto:'])) || (type === 'invoke_callback' && typeof callback === 'function');
// Built with the page's prototype keys hidden (core/own-copy.ts).
const widgetSchema = /* @__PURE__ */ unpolluted(() => {
  const px = z.optional(z.number().check(z.refine((n) => n >= 0, 'expected pixels')));
  const fn = z.custom<(...a: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
  const pageUrl = z.string().check(z.refine((v) => isPageUrl(v), PAGE_URL));
  const ms = z.optional(z.number().check(z.refine((n) => n > 0, 'expected a number > 0')));
  return z.object({
    chat: z.optional(
      z.object({
        // Optional: with `answer`, `chat` may hold only the timeouts.
        url: z.optional(z.string().check(z.refine((v) => isPageUrl(v), PAGE_URL))),
        idleTimeoutMs: ms,
        maxAnswerMs: ms,
        apiKey: z.optional(z.string()),
        model: z.optional(z.string()),
        protocol: z.optional(z.literal(['openai', 'inkeep', 'ai-sdk', 'text'])),
        // Or a function called for every request (a short-lived token, the conversation's id): its result is checked then.
        headers: z.optional(z.custom<Record<string, string>>((v) => typeof v === 'function' || (isPlainObject(v) && Object.values(v).every((s) => typeof s === 'string')), 'expected an object of strings or a function')),
        body: z.optional(z.custom<Record<string, unknown>>((v) => typeof v === 'function' || (isPlainObject(v) && isJsonData(v)), 'expected an object of JSON data or a function')),
      }),
    ),
    answer: z.optional(fn),
    answerTimeoutMs: ms,
    strings: z.optional(z.custom<Record<string, string>>((v) => isPlainObject(v) && Object.values(v).every((s) => typeof s === 'string'), 'expected an object of strings')),
    theme: z.optional(z.literal(['light', 'dark', 'auto', 'system'])),
    // The value goes into a CSS custom property: a colour and nothing else.
    primaryColor: z.optional(z.string().check(z.refine((v) => COLOUR.test(v), 'expected a CSS colour like #2563eb'))),
    open: z.optional(z.boolean()),
    container: z.optional(z.custom<HTMLElement | string>((v) => typeof v === 'string' || (typeof HTMLElement !== 'undefined' && v instanceof HTMLElement), 'expected an HTMLElement or a CSS selector')),
    ticket: z.optional(z.object({ id: z.optional(z.string()), url: z.optional(z.string()) })),
    onEvent: z.optional(fn),
    // Answers (issue 12)
    brandName: z.optional(z.string()),
    logoUrl: z.optional(pageUrl),
    subtitle: z.optional(z.string()),
    welcomeMessage: z.optional(z.string()),
    // A refine, not z.maxLength: that check alone would pull about 700 bytes of zod into every visitor's download.
    suggestedQuestions: z.optional(z.array(z.string()).check(z.refine((a) => a.length <= 6, 'at most 6 questions'))),
    disclaimer: z.optional(z.string()),
    feedbackReasons: z.optional(z.array(z.string())),
    showDeliveryStatus: z.optional(z.boolean()),
    // Around the chat (issue 13)
    mode: z.optional(z.literal(['floating', 'inline'])),
    launcher: z.optional(z.boolean()),
    position: z.optional(z.literal(['left', 'right'])),
    offsetX: px,
    offsetY: px,
    zIndex: z.optional(z.number()),
    shortcut: z.optional(z.string().check(z.refine((v) => !!normalizeShortcut(v, false), 'expected keys like "mod+k"'))),
    locale: z.optional(z.string()),
    // Each action is checked before (checkWidgetConfig): a bad one costs its entry only.
    getHelp: z.optional(z.array(z.object({ name: z.string(), action: z.custom(() => true) }))),
    createTicket: z.optional(fn),
    ticketUrl: z.optional(pageUrl),
    supportEmail: z.optional(z.string().check(z.refine((v) => /^[^\s@/?#&]+@[^\s@/?#&]+\.[^\s@/?#&]+$/.test(v), 'expected an email address'))),
    supportUrl: z.optional(pageUrl),
    offerHelp: z.optional(z.boolean()),
    pageContext: z.optional(z.literal(['path', 'full', 'none'])),
  });
});

export const WIDGET_KEYS = [...LOGGER_KEYS, ...Object.keys(widgetSchema.shape)];

/** Options refused alone (dropped, reported, the default used): a bad one costs its default, not the widget. */
const SOFT = ['primaryColor', 'theme', 'position', 'mode', 'pageContext', 'logoUrl', 'ticketUrl', 'chat', 'supportEmail', 'supportUrl'];

/**
 * Checks a widget configuration; returns an own-property copy (it cannot inherit the page's
 * prototype keys). Throws `invalid_input` naming the field, except for an option with a rule of its
 * own: that one is dropped (its default used) and handed to `refused`.
 */
export function checkWidgetConfig(config: unknown, warn = true, refused: (e: SupportCopilotError) => void = () => {}): WidgetConfig {
  const c = ownCopy(config) as WidgetConfig;
  // A bad Get help entry (a `javascript:` link, a callback that is not a function) costs that entry, not the widget.
  if (Array.isArray(c.getHelp)) {
    c.getHelp = c.getHelp.filter((o: unknown, i) => {
      const action = typeof o === 'object' && o !== null ? (o as { action?: unknown }).action : undefined;
      if (typeof action === 'object' && action !== null && isAction(action)) return true;
      refused(invalidInput('config', [{ path: `getHelp.${i}.action`, message: 'expected open_link (url), invoke_callback or open_form' }]));
      return false;
    });
  }
  let noTicketUrl = false;
  parseOrThrow(widgetSchema, c, 'config', SOFT, (e) => ((noTicketUrl ||= e.field === 'ticketUrl'), refused(e)));
  // Its contact form's address refused: no contact form entry (rather than no widget).
  if (noTicketUrl && !c.createTicket && c.getHelp) c.getHelp = c.getHelp.filter((o) => o.action.type !== 'open_form');
  // Options that need another: an inline chat its container, a contact form where to send it.
  const missing = c.mode === 'inline' && !c.container ? 'container' : c.getHelp?.some((o) => o.action.type === 'open_form') && !c.createTicket && !c.ticketUrl ? 'ticketUrl' : '';
  if (missing) throw invalidInput('config', [{ path: missing, message: `required by ${missing === 'container' ? 'mode "inline"' : 'open_form (or createTicket)'}` }]);
  if (warn) warnUnknownKeys(config as object, WIDGET_KEYS);
  return c;
}

/** The logger's part of a widget configuration; the widget's `onEvent` (widget events) is not the logger's. */
export const loggerPart = (config: Partial<WidgetConfig>): Partial<LoggerConfig> =>
  Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'onEvent' && LOGGER_KEYS.includes(k)));
