/** Logger configuration: validated at the door, defaults filled in. Pure. */
import * as z from 'zod/mini';
import type { LoggerConfig } from './public-types.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { DEFAULT_COOKIE_NAME } from './identity-rules.ts';
import { isJsonData, JSON_DATA } from './schema.ts';

export const DEFAULT_ANALYTICS_URL = 'https://api.analytics.inkeep.com';

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

export const privacySchema = z.object({
  optOutAnalyticalCookies: optBoolean,
  optOutFunctionalCookies: optBoolean,
  optOutAllAnalytics: optBoolean,
});

export const userSchema = z
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
  cookieDomain: optString,
  flushDelayMs: nonNegative,
  maxStoredBytes: positive,
  retentionMs: nonNegative,
  requestTimeoutMs: positive,
  storageTimeoutMs: positive,
  onError: fn,
  onEvent: fn,
});

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

/** Throws `invalid_input` naming the field (`Invalid config: analyticsUrl: expected ...`). */
export function resolveLoggerConfig(input: unknown, warn = true): ResolvedLoggerConfig {
  const parsed = parseOrThrow(loggerConfigSchema, input, 'config') as LoggerConfig;
  if (warn) warnUnknownKeys(input as object, LOGGER_KEYS);
  return {
    ...parsed,
    analyticsUrl: (parsed.analyticsUrl ?? DEFAULT_ANALYTICS_URL).replace(/\/+$/, ''),
    cookieName: parsed.cookieName ?? DEFAULT_COOKIE_NAME,
    flushDelayMs: parsed.flushDelayMs ?? 250,
    maxStoredBytes: parsed.maxStoredBytes ?? 20 * 1024 * 1024,
    retentionMs: parsed.retentionMs ?? 7 * 24 * 60 * 60 * 1000,
    requestTimeoutMs: parsed.requestTimeoutMs ?? 30_000,
    storageTimeoutMs: parsed.storageTimeoutMs ?? 3_000,
    privacyPreferences: parsed.privacyPreferences ?? {},
  };
}
