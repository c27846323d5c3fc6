/**
 * Who the visitor is and what they consented to: the one place both live. The anonymous id comes
 * from the identity store (cookie, sessionStorage or memory, as consent allows); the rules of what
 * the payload says are pure, in core/identity-rules.ts.
 */
import { privacySchema, userSchema } from '../core/config.ts';
import { identificationType, userProperties } from '../core/identity-rules.ts';
import { parseOrThrow } from '../core/parse-or-throw.ts';
import type { IdentitySnapshot, PrivacyPreferences, SupportAgent, UserIdentity } from '../core/public-types.ts';
import type { IdentityStore } from './identity-store.ts';
import { guarded } from '../core/guarded.ts';

export interface VisitorIdentity {
  /** Who the visitor is, as the next payload will say it. */
  snapshot(): IdentitySnapshot;
  /** The signed-in user (`null` to forget them); validated. */
  identify(user: UserIdentity | null): void;
  /** Merges consent flags (validated), effective at once: the cookie follows. */
  setConsent(prefs: PrivacyPreferences): void;
  consent(): PrivacyPreferences;
  /** Logout: forget the user, new anonymous id. */
  reset(): void;
  stop(): void;
}

export function createVisitorIdentity(
  ids: IdentityStore,
  start: { user?: UserIdentity | undefined; privacyPreferences: PrivacyPreferences },
  supportAgent: () => SupportAgent | undefined,
): VisitorIdentity {
  let user = start.user;
  let prefs = start.privacyPreferences;
  const cookiesAllowed = () => !prefs.optOutAnalyticalCookies && !prefs.optOutAllAnalytics;
  // document.cookie is synchronous and slow on a busy page: read and write it in a later task, so
  // the host page (and the launcher) paint first; any earlier use reads it on demand.
  let anonymousId: string | undefined;
  const anon = () => (anonymousId ??= ids.anonymousId(cookiesAllowed()));
  const timer = setTimeout(guarded(anon));

  return {
    snapshot() {
      const props = userProperties(user, anon(), prefs, supportAgent());
      return { id: props.id as string | number, identificationType: identificationType(user, prefs), userProperties: props };
    },
    identify(next) {
      user = next === null ? undefined : (parseOrThrow(userSchema, next, 'user') as UserIdentity);
    },
    setConsent(next) {
      prefs = { ...prefs, ...parseOrThrow(privacySchema, next, 'privacyPreferences') };
      anonymousId = ids.anonymousId(cookiesAllowed());
    },
    consent: () => ({ ...prefs }),
    reset() {
      user = undefined;
      anonymousId = ids.reset(cookiesAllowed());
    },
    stop: () => clearTimeout(timer),
  };
}
