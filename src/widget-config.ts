/** The widget's own options, on top of the logger's; validated at the door like them. */
import * as z from 'zod/mini';
import type { LoggerConfig } from './core/types.ts';
import { parseOrThrow } from './core/validation-error.ts';
import { LOGGER_KEYS, warnUnknownKeys } from './core/config.ts';
import { isPlainObject } from './core/schema.ts';
import type { AnswerSource, ChatEndpointConfig } from './chat/answer-source.ts';
import type { Strings } from './ui/strings.ts';
import type { Theme } from './ui/types.ts';

/** Inkeep's event names, so analytics dashboards built for Inkeep's widget read ours too. */
export type WidgetEventName =
  | 'widget_ready'
  | 'modal_opened'
  | 'modal_closed'
  | 'user_message_submitted'
  | 'assistant_message_received'
  | 'assistant_answer_failed'
  | 'assistant_positive_feedback_submitted'
  | 'assistant_negative_feedback_submitted'
  | 'assistant_message_copied'
  | 'chat_clear_button_clicked'
  | 'identify'
  | 'error';

/** A widget event: `properties` per event in docs/api.md (e.g. `{ conversationId, messageId, content }`). */
export interface WidgetEvent {
  eventName: WidgetEventName;
  properties: Record<string, unknown>;
}

/** Options of `createSupportCopilot` and `SupportCopilot('init', ...)`: the logger's plus these. Reference: docs/configuration.md. */
export interface WidgetConfig extends Omit<LoggerConfig, 'onEvent'> {
  /**
   * Any OpenAI-compatible streaming `/v1/chat/completions` endpoint (Inkeep's chat API is one).
   * Attributes: `data-chat-url`, `data-chat-api-key`, `data-chat-model`.
   * @default undefined (questions are stored, not answered)
   * @example { url: '/v1/chat/completions' }
   */
  chat?: ChatEndpointConfig;
  /** Or answers from the host: an async generator of text deltas. Takes precedence over `chat`. @default undefined */
  answer?: AnswerSource;
  /** An answer that sends nothing for this long fails (with Retry). Attribute: `data-answer-timeout-ms`. @default 30000 */
  answerTimeoutMs?: number;
  /** Overrides for any visible text, including accessible names. @default English (`Open support chat`, `Support`, ...) */
  strings?: Partial<Strings>;
  /** Colour scheme. Attribute: `data-theme`. @default 'auto' (follows the system) */
  theme?: Theme;
  /** Any CSS colour; sets `--sc-primary`. Attribute: `data-primary-color`. @default '#1f4fcc' */
  primaryColor?: string;
  /** Open the panel at start (read at creation only). Attribute: `data-open`. @default false */
  open?: boolean;
  /** Where the widget's host element goes (read at creation only). @default document.body */
  container?: HTMLElement;
  /** Support-agent context: `id` -> supportTicketConversationId, `url` -> externalUrl. @default undefined */
  ticket?: { id?: string; url?: string };
  /** Every widget event, with Inkeep's event names. @default undefined */
  onEvent?: (event: WidgetEvent) => void;
}

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
