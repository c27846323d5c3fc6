/**
 * Who the visitor is, as the payload says it. Pure; the cookie itself is read and written in
 * storage/. Follows Inkeep's widget so one visitor is one user across Inkeep tools.
 */
import type { PrivacyPreferences, SupportAgent, UserIdentity } from './public-types.ts';
import type { UserProperties } from './schema.ts';

export type IdentificationType = 'ID_PROVIDED' | 'COOKIED' | 'ANONYMOUS';

export const DEFAULT_COOKIE_NAME = 'inkeepUsagePreferences_userId';
export const COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

/**
 * A present value worth keeping: 1 to 256 visible ASCII characters (0x21-0x7E). Inkeep's own
 * widget writes this cookie too, not always in our format (a signed-in visitor's value can be
 * their user id, an email address), and one visitor must stay one user across Inkeep tools; the
 * id only ever goes into JSON, never into markup. Anything else (empty, spaces, non-ASCII,
 * control characters, longer) is replaced.
 */
export const isWellFormedAnonymousId = (v: string | null | undefined): v is string =>
  typeof v === 'string' && /^[\x21-\x7e]{1,256}$/.test(v);

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
  // These fields are the rules' own (below): what the host's user object says of them is not sent.
  const { type: typeGiven, userType: givenType, identificationType: _i, userId: _u, supportAgentName: _n, supportAgentEmail: _e, ...known } = user ?? {};
  const userType = typeGiven ?? givenType;
  // Known details (email, name, ...) are kept even without an id; the id is then the anonymous one.
  const props: UserProperties = { ...known, id: type === 'ID_PROVIDED' ? (user!.id as string | number) : anonymousId };
  props.identificationType = type;
  // The Support Copilot fields that drive the Inkeep Portal's graphs (SDK: "sent by the Inkeep
  // Support Agent Copilot"): the identified user's id again as userId, the user's type, the agent.
  if (type === 'ID_PROVIDED') props.userId = props.id;
  if (typeof userType === 'string') props.userType = userType;
  if (agent?.name) props.supportAgentName = agent.name;
  if (agent?.email) props.supportAgentEmail = agent.email;
  return props;
}
