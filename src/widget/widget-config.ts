/** The widget's own options, on top of the logger's; validated at the door like them. */
import type { LoggerConfig } from '../core/public-types.ts';
import type { WidgetConfig } from '../widget-core/widget-types.ts';
import { parseOrThrow } from '../core/parse-or-throw.ts';
import { LOGGER_KEYS, warnUnknownKeys } from '../core/config.ts';
import { ownCopy } from '../core/own-copy.ts';
import { is, list, opt, shape, test } from '../core/shape.ts';
import { COLOUR, isPageUrl } from '../core/option-rules.ts';

const PAGE_URL = 'expected an http(s) URL';
import { isJsonData, isPlainObject } from '../core/schema.ts';
import { normalizeShortcut } from '../widget-core/shortcut.ts';
import { invalidInput, type SupportCopilotError } from '../core/support-copilot-error.ts';

/** A Get help action; links only to pages (http(s), or relative) and email, never `javascript:`. */
const isAction = ({ type, url, callback }: { type?: unknown; url?: unknown; callback?: unknown }) =>
  type === 'open_form' || (type === 'open_link' && isPageUrl(url, ['http:', 'https:', 'mailto:'])) || (type === 'invoke_callback' && typeof callback === 'function');
const px = opt(is('number', (n: number) => n >= 0, 'expected pixels'));
const fn = is('function');
const str = opt(is('string'));
const bool = opt(is('boolean'));
const pageUrl = opt(is('string', (v: string) => isPageUrl(v), PAGE_URL));
const ms = opt(is('number', (n: number) => n > 0, 'expected a number > 0'));
const strings = opt(test((v) => isPlainObject(v) && Object.values(v).every((s) => typeof s === 'string'), 'expected an object of strings'));
const oneOf = (values: string[]) => opt(test((v: string) => values.includes(v), `expected ${values.map((v) => `"${v}"`).join(' or ')}`));

// Checked without zod (core/shape.ts): zod would build this at run time, and its classes cost bytes.
const widgetSchema = shape({
  // Optional: with `answer`, `chat` may hold only the timeouts.
  chat: opt(
    shape({
      url: pageUrl,
      idleTimeoutMs: ms,
      maxAnswerMs: ms,
      apiKey: str,
      model: str,
      protocol: oneOf(['openai', 'inkeep', 'ai-sdk', 'text']),
      // Or a function called for every request (a short-lived token, the conversation's id): its result is checked then.
      headers: opt(test((v) => typeof v === 'function' || (isPlainObject(v) && Object.values(v).every((s) => typeof s === 'string')), 'expected an object of strings or a function')),
      body: opt(test((v) => typeof v === 'function' || (isPlainObject(v) && isJsonData(v)), 'expected an object of JSON data or a function')),
    }),
  ),
  answer: opt(fn),
  answerTimeoutMs: ms,
  strings,
  theme: oneOf(['light', 'dark', 'auto', 'system']),
  // The value goes into a CSS custom property: a colour and nothing else.
  primaryColor: opt(is('string', (v: string) => COLOUR.test(v), 'expected a CSS colour like #2563eb')),
  open: bool,
  container: opt(test((v) => typeof v === 'string' || (typeof HTMLElement !== 'undefined' && v instanceof HTMLElement), 'expected an HTMLElement or a CSS selector')),
  ticket: opt(shape({ id: str, url: str })),
  onEvent: opt(fn),
  // Answers (issue 12)
  brandName: str,
  logoUrl: pageUrl,
  subtitle: str,
  welcomeMessage: str,
  suggestedQuestions: opt((v, path, issues) => (Array.isArray(v) && v.length > 6 ? issues.push({ path, message: 'at most 6 questions' }) : list(is('string'))(v, path, issues))),
  disclaimer: str,
  feedbackReasons: opt(list(is('string'))),
  showDeliveryStatus: bool,
  // Around the chat (issue 13)
  mode: oneOf(['floating', 'inline']),
  launcher: bool,
  position: oneOf(['left', 'right']),
  offsetX: px,
  offsetY: px,
  zIndex: opt(is('number')),
  shortcut: opt(is('string', (v: string) => !!normalizeShortcut(v, false), 'expected keys like "mod+k"')),
  locale: str,
  // Each action is checked before (checkWidgetConfig): a bad one costs its entry only.
  getHelp: opt(list(shape({ name: is('string') }, true))),
  createTicket: opt(fn),
  ticketUrl: pageUrl,
  supportEmail: opt(is('string', (v: string) => /^[^\s@/?#&]+@[^\s@/?#&]+\.[^\s@/?#&]+$/.test(v), 'expected an email address')),
  supportUrl: pageUrl,
  offerHelp: bool,
  pageContext: oneOf(['path', 'full', 'none']),
});

export const WIDGET_KEYS = [...LOGGER_KEYS, ...widgetSchema.keys];

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
