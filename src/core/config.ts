/** Logger configuration: validated at the door (without zod: core/shape.ts), defaults filled in. Pure. */
import type { LoggerConfig } from './public-types.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { DEFAULT_COOKIE_NAME } from './identity-rules.ts';
import { isJsonData, JSON_DATA } from './schema.ts';
import { bare, ownCopy } from './own-copy.ts';
import { is, opt, shape } from './shape.ts';
import { isDomain } from './option-rules.ts';
import type { SupportCopilotError } from './support-copilot-error.ts';

export const DEFAULT_ANALYTICS_URL = 'https://api.analytics.inkeep.com';
/** The analytics URL as the logger uses it (and as its storage partition is named): the default when absent, no trailing slash. */
export const analyticsUrlOf = (url: string | undefined): string => (url ?? DEFAULT_ANALYTICS_URL).replace(/\/+$/, '');

const fn = opt(is('function'));
const positive = opt(is('number', (n: number) => n > 0, 'expected a number > 0'));
const nonNegative = opt(is('number', (n: number) => n >= 0, 'expected a number >= 0'));
const optString = opt(is('string'));
const optBoolean = opt(is('boolean'));
const httpUrl = (v: string) => {
  try {
    return /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

export const privacySchema = shape({
  optOutAnalyticalCookies: optBoolean,
  optOutFunctionalCookies: optBoolean,
  optOutAllAnalytics: optBoolean,
});

const anyNumber = is('number');
const nonEmptyId = is('string', (v: string) => v.length > 0, 'must not be empty');
export const userSchema = shape(
  {
    id: opt((v, path, issues) => (typeof v == 'string' ? nonEmptyId : anyNumber)(v, path, issues)),
    email: optString,
    name: optString,
    type: optString,
  },
  true,
  [(v) => isJsonData(v), JSON_DATA],
);

const loggerConfigSchema = shape({
  apiKey: is('string', (v: string) => v.length > 0, 'required: your web integration key'),
  analyticsUrl: opt(is('string', httpUrl, 'expected an absolute http(s) URL')),
  projectId: optString,
  integrationId: optString,
  user: opt(userSchema),
  supportAgent: opt(shape({ name: optString, email: optString })),
  privacyPreferences: opt(privacySchema),
  cookieName: opt(is('string', (v: string) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v), 'not a valid cookie name')),
  // Refused alone (resolveLoggerConfig): it goes into the cookie string, where `; Max-Age=3` would be an attribute.
  cookieDomain: opt(is('string', isDomain, 'expected a domain name like example.com')),
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

export const LOGGER_KEYS: readonly string[] = loggerConfigSchema.keys;

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
  const parsed = parseOrThrow(loggerConfigSchema, ownCopy(input), 'config', ['cookieDomain'], refused) as unknown as LoggerConfig;
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
