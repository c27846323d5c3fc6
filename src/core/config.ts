/** Logger configuration: validated at the door, defaults filled in. Pure. */
import * as z from 'zod/mini';
import type { LoggerConfig } from './public-types.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { DEFAULT_COOKIE_NAME } from './identity-rules.ts';
import { isJsonData, JSON_DATA } from './schema.ts';
import { bare, ownCopy, unpolluted } from './own-copy.ts';
import { isDomain } from './option-rules.ts';
import type { SupportCopilotError } from './support-copilot-error.ts';

export const DEFAULT_ANALYTICS_URL = 'https://api.analytics.inkeep.com';
/** The analytics URL as the logger uses it (and as its storage partition is named): the default when absent, no trailing slash. */
export const analyticsUrlOf = (url: string | undefined): string => (url ?? DEFAULT_ANALYTICS_URL).replace(/\/+$/, '');

// Built with the page's prototype keys hidden (own-copy.ts).
const schemas = /* @__PURE__ */ unpolluted(() => {
  // Shared instances: each schema call is bytes every visitor downloads.
  const fn = z.optional(z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function'));
  const positive = z.optional(z.number().check(z.refine((n) => n > 0, 'expected a number > 0')));
  const nonNegative = z.optional(z.number().check(z.refine((n) => n >= 0, 'expected a number >= 0')));
  const optString = z.optional(z.string());
  const optBoolean = z.optional(z.boolean());
  const nonEmpty = (message: string) => z.string().check(z.refine((v) => v.length > 0, message));
  const httpUrl = z.string().check(
    z.refine((v) => {
      try {
        return /^https?:$/.test(new URL(v).protocol);
      } catch {
        return false;
      }
    }, 'expected an absolute http(s) URL'),
  );

  const privacySchema = z.object({
    optOutAnalyticalCookies: optBoolean,
    optOutFunctionalCookies: optBoolean,
    optOutAllAnalytics: optBoolean,
  });

  const userSchema = z
    .looseObject({
      id: z.optional(z.union([nonEmpty('must not be empty'), z.number()])),
      email: optString,
      name: optString,
      type: optString,
    })
    .check(z.refine((v) => isJsonData(v), JSON_DATA));

  const loggerConfigSchema = z.object({
    apiKey: nonEmpty('required: your web integration key'),
    analyticsUrl: z.optional(httpUrl),
    projectId: optString,
    integrationId: optString,
    user: z.optional(userSchema),
    supportAgent: z.optional(z.object({ name: optString, email: optString })),
    privacyPreferences: z.optional(privacySchema),
    cookieName: z.optional(z.string().check(z.refine((v) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v), 'not a valid cookie name'))),
    // Refused alone (resolveLoggerConfig): it goes into the cookie string, where `; Max-Age=3` would be an attribute.
    cookieDomain: z.optional(z.string().check(z.refine(isDomain, 'expected a domain name like example.com'))),
    flushDelayMs: nonNegative,
    maxStoredBytes: positive,
    retentionMs: nonNegative,
    requestTimeoutMs: positive,
    storageTimeoutMs: positive,
    onError: fn,
    onEvent: fn,
  });
  return { privacySchema, userSchema, loggerConfigSchema };
});
export const { privacySchema, userSchema } = schemas;
const { loggerConfigSchema } = schemas;

export type ResolvedLoggerConfig = LoggerConfig &
  Required<Pick<LoggerConfig, 'analyticsUrl' | 'cookieName' | 'flushDelayMs' | 'maxStoredBytes' | 'retentionMs' | 'requestTimeoutMs' | 'storageTimeoutMs'>> & {
    privacyPreferences: NonNullable<LoggerConfig['privacyPreferences']>;
  };

export const LOGGER_KEYS: readonly string[] = Object.keys(loggerConfigSchema.shape);

/** A typo (`analyticsURL`) would otherwise go unnoticed, and the data to the default hosted API. */
export function warnUnknownKeys(input: object, known: readonly string[]): void {
  const unknown = Object.keys(input).filter((k) => !known.includes(k));
  if (unknown.length) console.warn(`[SupportCopilot] unknown config keys ignored: ${unknown.join(', ')}`);
}

/**
 * Throws `invalid_input` naming the field (`Invalid config: analyticsUrl: expected ...`); an option
 * with a rule of its own (`cookieDomain`) is dropped instead and handed to `refused`.
 */
export function resolveLoggerConfig(input: unknown, warn = true, refused: (e: SupportCopilotError) => void = () => {}): ResolvedLoggerConfig {
  const parsed = parseOrThrow(loggerConfigSchema, ownCopy(input), 'config', ['cookieDomain'], refused) as LoggerConfig;
  if (warn) warnUnknownKeys(input as object, LOGGER_KEYS);
  return bare({
    ...parsed,
    analyticsUrl: analyticsUrlOf(parsed.analyticsUrl),
    cookieName: parsed.cookieName ?? DEFAULT_COOKIE_NAME,
    flushDelayMs: parsed.flushDelayMs ?? 250,
    maxStoredBytes: parsed.maxStoredBytes ?? 20 * 1024 * 1024,
    retentionMs: parsed.retentionMs ?? 7 * 24 * 60 * 60 * 1000,
    requestTimeoutMs: parsed.requestTimeoutMs ?? 30_000,
    storageTimeoutMs: parsed.storageTimeoutMs ?? 3_000,
    privacyPreferences: parsed.privacyPreferences ?? bare({}),
  });
}
