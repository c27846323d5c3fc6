/**
 * Who the visitor is, as the payload says it. Pure; the cookie itself is read and written in
 * storage/. Follows Inkeep's widget so one visitor is one user across Inkeep tools.
 */
import type { PrivacyPreferences, SupportAgent, UserIdentity } from './public-types.ts';
import type { UserProperties } from './schema.ts';

export type IdentificationType = 'ID_PROVIDED' | 'COOKIED' | 'ANONYMOUS';

export const DEFAULT_COOKIE_NAME = 'inkeepUsagePreferences_userId';
export const COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

/** A value we would have written ourselves (a UUID or a similar token); anything else is replaced. */
export const isWellFormedAnonymousId = (v: string | null | undefined): v is string =>
  typeof v === 'string' && /^[A-Za-z0-9_-]{8,128}$/.test(v);

export function identificationType(user: UserIdentity | undefined, prefs: PrivacyPreferences): IdentificationType {
  if (user?.id !== undefined && user.id !== null && user.id !== '') return 'ID_PROVIDED';
  // Opting out of all analytics also means no cookie: the id is then not a cookied one.
  return prefs.optOutAnalyticalCookies || prefs.optOutAllAnalytics ? 'ANONYMOUS' : 'COOKIED';
}

export function userProperties(
  user: UserIdentity | undefined,
  anonymousId: string,
  prefs: PrivacyPreferences,
  agent?: SupportAgent,
): UserProperties {
  const type = identificationType(user, prefs);
  // Known details (email, name, ...) are kept even without an id; the id is then the anonymous one.
  const props: UserProperties = { ...user, id: type === 'ID_PROVIDED' ? (user!.id as string | number) : anonymousId };
  props.identificationType = type;
  if (agent?.name) props.supportAgentName = agent.name;
  if (agent?.email) props.supportAgentEmail = agent.email;
  return props;
}
