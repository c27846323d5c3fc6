/** Logger configuration: validated at the door, defaults filled in. Pure. */
import * as z from 'zod/mini';
import type { LoggerConfig } from './types.ts';
import { parseOrThrow } from './validation-error.ts';
import { DEFAULT_COOKIE_NAME } from './identity-rules.ts';

export const DEFAULT_ANALYTICS_URL = 'https://api.analytics.inkeep.com';

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
const positive = z.number().check(z.refine((n) => n > 0, 'expected a number > 0'));
const nonNegative = z.number().check(z.refine((n) => n >= 0, 'expected a number >= 0'));
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
  optOutAnalyticalCookies: z.optional(z.boolean()),
  optOutFunctionalCookies: z.optional(z.boolean()),
  optOutAllAnalytics: z.optional(z.boolean()),
});

export const userSchema = z.looseObject({
  id: z.optional(z.union([nonEmpty('must not be empty'), z.number()])),
  email: z.optional(z.string()),
  name: z.optional(z.string()),
});

const loggerConfigSchema = z.object({
  apiKey: nonEmpty('required: your web integration key'),
  analyticsUrl: z.optional(httpUrl),
  projectId: z.optional(z.string()),
  integrationId: z.optional(z.string()),
  user: z.optional(userSchema),
  supportAgent: z.optional(z.object({ name: z.optional(z.string()), email: z.optional(z.string()) })),
  privacyPreferences: z.optional(privacySchema),
  cookieName: z.optional(z.string().check(z.refine((v) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v), 'not a valid cookie name'))),
  cookieDomain: z.optional(z.string()),
  flushDelayMs: z.optional(nonNegative),
  maxStoredBytes: z.optional(positive),
  retentionMs: z.optional(nonNegative),
  requestTimeoutMs: z.optional(positive),
  storageTimeoutMs: z.optional(positive),
  onError: z.optional(fn),
  onEvent: z.optional(fn),
});

export type ResolvedLoggerConfig = LoggerConfig &
  Required<Pick<LoggerConfig, 'analyticsUrl' | 'cookieName' | 'flushDelayMs' | 'maxStoredBytes' | 'retentionMs' | 'requestTimeoutMs' | 'storageTimeoutMs'>> & {
    privacyPreferences: NonNullable<LoggerConfig['privacyPreferences']>;
  };

/** Throws a ValidationError naming the field (`Invalid config: analyticsUrl: expected ...`). */
export function resolveLoggerConfig(input: unknown): ResolvedLoggerConfig {
  if (input === null || typeof input !== 'object') {
    parseOrThrow(loggerConfigSchema, input, 'config');
  }
  const parsed = parseOrThrow(loggerConfigSchema, input, 'config') as LoggerConfig;
  return {
    ...(input as LoggerConfig),
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
