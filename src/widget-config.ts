/** The widget's own options, on top of the logger's; validated at the door like them. */
import * as z from 'zod/mini';
import type { LoggerConfig } from './core/public-types.ts';
import type { WidgetConfig } from './core/widget-types.ts';
import { parseOrThrow } from './core/parse-or-throw.ts';
import { LOGGER_KEYS, warnUnknownKeys } from './core/config.ts';
import { isPlainObject } from './core/schema.ts';

const fn = z.custom<(...a: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
const widgetSchema = z.object({
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
  theme: z.optional(z.literal(['light', 'dark', 'auto'])),
  // Only characters a colour needs: the value goes into a CSS custom property.
  primaryColor: z.optional(z.string().check(z.refine((v) => /^[#\w\s(),.%-]{1,64}$/.test(v), 'expected a CSS colour like #2563eb'))),
  open: z.optional(z.boolean()),
  container: z.optional(z.custom<HTMLElement>((v) => typeof HTMLElement !== 'undefined' && v instanceof HTMLElement, 'expected an HTMLElement')),
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
});

export const WIDGET_KEYS = [...LOGGER_KEYS, ...Object.keys(widgetSchema.shape)];

export function checkWidgetConfig(config: unknown, warn = true): WidgetConfig {
  parseOrThrow(widgetSchema, config, 'config');
  if (warn) warnUnknownKeys(config as object, WIDGET_KEYS);
  return config as WidgetConfig;
}

/** The logger's part of a widget configuration; the widget's `onEvent` (widget events) is not the logger's. */
export const loggerPart = (config: Partial<WidgetConfig>): Partial<LoggerConfig> =>
  Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'onEvent' && LOGGER_KEYS.includes(k)));
