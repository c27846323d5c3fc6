import { describe, expect, it } from 'vitest';
import { COOKIE_MAX_AGE_S, DEFAULT_COOKIE_NAME, identificationType, isWellFormedAnonymousId, userProperties } from './identity-rules.ts';

const ANON = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('identificationType', () => {
  it('is ID_PROVIDED when the host gave a user id (string or number, even 0)', () => {
    expect(identificationType({ id: 'u_42' }, {})).toBe('ID_PROVIDED');
    expect(identificationType({ id: 7 }, {})).toBe('ID_PROVIDED');
    expect(identificationType({ id: 0 }, {})).toBe('ID_PROVIDED');
    // Consent about cookies does not change a provided id.
    expect(identificationType({ id: 'u' }, { optOutAnalyticalCookies: true })).toBe('ID_PROVIDED');
  });

  it('is COOKIED without a user id when analytical cookies are allowed', () => {
    expect(identificationType(undefined, {})).toBe('COOKIED');
    expect(identificationType({ email: 'a@b.c' }, { optOutAnalyticalCookies: false })).toBe('COOKIED');
    expect(identificationType({ id: '' }, {})).toBe('COOKIED');
  });

  it('is ANONYMOUS without a user id when analytical cookies are refused', () => {
    expect(identificationType(undefined, { optOutAnalyticalCookies: true })).toBe('ANONYMOUS');
    expect(identificationType({ name: 'x' }, { optOutAnalyticalCookies: true })).toBe('ANONYMOUS');
  });
});

describe('userProperties', () => {
  it('ID_PROVIDED carries the host id, mirrored as userId (Support Copilot), and the other user keys', () => {
    expect(userProperties({ id: 'u_42', email: 'e@x.com', name: 'Eve', plan: 'pro' }, ANON, {})).toEqual({
      id: 'u_42',
      userId: 'u_42',
      email: 'e@x.com',
      name: 'Eve',
      plan: 'pro',
      identificationType: 'ID_PROVIDED',
    });
    expect(userProperties({ id: 0 }, ANON, {})).toMatchObject({ id: 0, userId: 0 });
  });

  it('never sends an anonymous id as userId', () => {
    expect(userProperties({ email: 'e@x.com' }, ANON, {})).not.toHaveProperty('userId');
    expect(userProperties(undefined, ANON, { optOutAnalyticalCookies: true })).not.toHaveProperty('userId');
  });

  it('maps user.type to userType (and not as `type`)', () => {
    expect(userProperties({ id: 'u_1', type: 'admin' }, ANON, {})).toEqual({ id: 'u_1', userId: 'u_1', userType: 'admin', identificationType: 'ID_PROVIDED' });
    expect(userProperties({ type: 'customer' }, ANON, {})).toEqual({ id: ANON, userType: 'customer', identificationType: 'COOKIED' });
    expect(userProperties({ id: 'u_1' }, ANON, {})).not.toHaveProperty('userType');
    expect(userProperties({ userType: 'partner' }, ANON, {})).toMatchObject({ userType: 'partner' });
  });

  it('owns identificationType, userId and the agent fields: the host user object cannot set them', () => {
    const user = { identificationType: 'ID_PROVIDED', userId: { not: 'an id' }, supportAgentName: 7, supportAgentEmail: 'x@y.z', plan: 'pro' };
    expect(userProperties(user, ANON, {})).toEqual({ id: ANON, identificationType: 'COOKIED', plan: 'pro' });
  });

  it('an identified agent conversation carries userId, userType, supportAgentName and supportAgentEmail', () => {
    expect(userProperties({ id: 'cust-7', type: 'enterprise' }, ANON, {}, { name: 'Ann', email: 'ann@support.com' })).toEqual({
      id: 'cust-7',
      userId: 'cust-7',
      userType: 'enterprise',
      identificationType: 'ID_PROVIDED',
      supportAgentName: 'Ann',
      supportAgentEmail: 'ann@support.com',
    });
  });

  it('COOKIED and ANONYMOUS carry the anonymous id', () => {
    expect(userProperties(undefined, ANON, {})).toEqual({ id: ANON, identificationType: 'COOKIED' });
    expect(userProperties(undefined, ANON, { optOutAnalyticalCookies: true })).toEqual({ id: ANON, identificationType: 'ANONYMOUS' });
  });

  it('maps the support agent onto supportAgentName / supportAgentEmail', () => {
    expect(userProperties(undefined, ANON, {}, { name: 'Ann', email: 'ann@support.com' })).toEqual({
      id: ANON,
      identificationType: 'COOKIED',
      supportAgentName: 'Ann',
      supportAgentEmail: 'ann@support.com',
    });
    const onlyName = userProperties({ id: 1 }, ANON, {}, { name: 'Bob' });
    expect(onlyName.supportAgentName).toBe('Bob');
    expect(onlyName).not.toHaveProperty('supportAgentEmail');
    expect(userProperties(undefined, ANON, {})).not.toHaveProperty('supportAgentName');
  });

  it('does not mutate the user object it was given', () => {
    const user = { id: 'u', email: 'x@y.z' };
    userProperties(user, ANON, {}, { name: 'A' });
    expect(user).toEqual({ id: 'u', email: 'x@y.z' });
  });
});

describe('isWellFormedAnonymousId', () => {
  it('reuses what Inkeep\'s own widget writes: a UUID, or a signed-in visitor\'s id such as an email address', () => {
    // A UUID v4 (anonymous visitors) and the identified user's id, which Inkeep's widget stores in
    // the same cookie as it is (values like this one are seen in the wild).
    for (const v of ['3b241101-e2bb-4255-8caf-4136c566a962', 'ada.lovelace@example.com', ANON]) expect(isWellFormedAnonymousId(v), v).toBe(true);
  });
  it('reuses any 1 to 256 visible ASCII characters', () => {
    for (const v of ['x', '7', 'a'.repeat(256), '!~', 'quote"d-value', 'semi;colon', '<script>', 'a=b&c', String.fromCharCode(...Array.from({ length: 94 }, (_, i) => 0x21 + i))]) {
      expect(isWellFormedAnonymousId(v), v).toBe(true);
    }
  });
  it('replaces anything else: empty, too long, spaces, control characters, non-ASCII', () => {
    for (const v of [undefined, null, '', 'a'.repeat(257), 'has space', ' lead', 'trail ', 'tab\there', 'nl\n', '\u007f', '\u0000abc', 'ünïcödé-id', 'emoji-😀', '\u00a0nbsp']) {
      expect(isWellFormedAnonymousId(v), JSON.stringify(v)).toBe(false);
    }
  });
});

describe('constants', () => {
  it('follow the Inkeep widget cookie', () => {
    expect(DEFAULT_COOKIE_NAME).toBe('inkeepUsagePreferences_userId');
    expect(COOKIE_MAX_AGE_S).toBe(31_536_000);
  });
});
