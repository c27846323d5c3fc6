/** The widget's own options, on top of the logger's; validated at the door like them. */
import * as z from 'zod/mini';
import type { LoggerConfig } from './core/public-types.ts';
import type { WidgetConfig } from './core/widget-types.ts';
import { parseOrThrow } from './core/parse-or-throw.ts';
import { LOGGER_KEYS, LOGGER_OPTION_RULES, warnUnknownKeys } from './core/config.ts';
import { ownCopy, unpolluted } from './core/own-copy.ts';
import { isColour, isPageUrl, refuseBadOptions, type OptionRule } from './core/option-rules.ts';
import { isPlainObject } from './core/schema.ts';
import { normalizeShortcut } from './core/shortcut.ts';
import { invalidInput, type SupportCopilotError } from './core/support-copilot-error.ts';

/** A Get help action; links only to pages (http(s), or relative) and email, never `javascript:`. */
const isAction = ({ type, url, callback }: { type?: unknown; url?: unknown; callback?: unknown }) =>
  type === 'open_form' || (type === 'open_link' && isPageUrl(url, ['http:', 'https:', 'mailto:'])) || (type === 'invoke_callback' && typeof callback === 'function');
// Built with the page's prototype keys hidden (core/own-copy.ts).
const widgetSchema = /* @__PURE__ */ unpolluted(() => {
  const px = z.optional(z.number().check(z.refine((n) => n >= 0, 'expected pixels')));
  const fn = z.custom<(...a: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
  return z.object({
    chat: z.optional(
      z.object({
        url: z.string().check(z.refine((v) => v.length > 0, 'must not be empty')),
        apiKey: z.optional(z.string()),
        model: z.optional(z.string()),
        headers: z.optional(z.custom<Record<string, string>>((v) => isPlainObject(v) && Object.values(v).every((s) => typeof s === 'string'), 'expected an object of strings')),
      }),
    ),
    answer: z.optional(fn),
    answerTimeoutMs: z.optional(z.number().check(z.refine((n) => n > 0, 'expected a number > 0'))),
    strings: z.optional(z.custom<Record<string, string>>((v) => isPlainObject(v) && Object.values(v).every((s) => typeof s === 'string'), 'expected an object of strings')),
    theme: z.optional(z.literal(['light', 'dark', 'auto', 'system'])),
    // Checked by OPTION_RULES below (refused alone, the default used): the value goes into a CSS custom property.
    primaryColor: z.optional(z.string()),
    open: z.optional(z.boolean()),
    container: z.optional(z.custom<HTMLElement | string>((v) => typeof v === 'string' || (typeof HTMLElement !== 'undefined' && v instanceof HTMLElement), 'expected an HTMLElement or a CSS selector')),
    ticket: z.optional(z.object({ id: z.optional(z.string()), url: z.optional(z.string()) })),
    onEvent: z.optional(fn),
    // Answers (issue 12)
    brandName: z.optional(z.string()),
    logoUrl: z.optional(z.string()),
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
    getHelp: z.optional(z.array(z.object({ name: z.string(), action: z.custom((a) => isAction(a ?? {}), 'expected open_link (url), invoke_callback or open_form') }))),
    createTicket: z.optional(fn),
    ticketUrl: z.optional(z.string()),
    pageContext: z.optional(z.literal(['path', 'full', 'none'])),
  });
});

export const WIDGET_KEYS = [...LOGGER_KEYS, ...Object.keys(widgetSchema.shape)];

/** Options refused on their own (dropped, reported, the default used): see core/option-rules.ts. */
const URL_RULE: OptionRule = [isPageUrl, 'expected an http(s) URL, absolute or relative to the page'];
const OPTION_RULES: Record<string, OptionRule> = {
  ...LOGGER_OPTION_RULES,
  primaryColor: [isColour, 'expected a CSS colour like #2563eb, rgb(37 99 235) or a colour name'],
  theme: [(v) => ['light', 'dark', 'auto', 'system'].includes(v as string), 'expected "light", "dark", "auto" or "system"'],
  position: [(v) => v === 'left' || v === 'right', 'expected "left" or "right"'],
  mode: [(v) => v === 'floating' || v === 'inline', 'expected "floating" or "inline"'],
  pageContext: [(v) => ['path', 'full', 'none'].includes(v as string), 'expected "path", "full" or "none"'],
  logoUrl: URL_RULE,
  ticketUrl: URL_RULE,
  'chat.url': URL_RULE,
};

/**
 * Checks a widget configuration; returns an own-property copy (it cannot inherit the page's
 * prototype keys). Throws `invalid_input` naming the field, except for an option with a rule of its
 * own: that one is dropped (its default used) and handed to `refused`.
 */
export function checkWidgetConfig(config: unknown, warn = true, refused: (e: SupportCopilotError) => void = () => {}): WidgetConfig {
  const checked = refuseBadOptions(ownCopy(config), OPTION_RULES);
  const c = checked.config as WidgetConfig;
  checked.refused.forEach(refused);
  // Its contact form's address refused: no contact form entry (rather than no widget).
  if (checked.refused.some((e) => e.field === 'ticketUrl') && !c.createTicket && c.getHelp) c.getHelp = c.getHelp.filter((o) => o.action.type !== 'open_form');
  parseOrThrow(widgetSchema, c, 'config');
  // Options that need another: an inline chat its container, a contact form where to send it.
  const missing = c.mode === 'inline' && !c.container ? 'container' : c.getHelp?.some((o) => o.action.type === 'open_form') && !c.createTicket && !c.ticketUrl ? 'ticketUrl' : '';
  if (missing) throw invalidInput('config', [{ path: missing, message: `required by ${missing === 'container' ? 'mode "inline"' : 'open_form (or createTicket)'}` }]);
  if (warn) warnUnknownKeys(config as object, WIDGET_KEYS);
  return c;
}

/** The logger's part of a widget configuration; the widget's `onEvent` (widget events) is not the logger's. */
export const loggerPart = (config: Partial<WidgetConfig>): Partial<LoggerConfig> =>
  Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'onEvent' && LOGGER_KEYS.includes(k)));
