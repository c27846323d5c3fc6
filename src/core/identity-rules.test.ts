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
  it('ID_PROVIDED carries the host id and the other user keys', () => {
    expect(userProperties({ id: 'u_42', email: 'e@x.com', name: 'Eve', plan: 'pro' }, ANON, {})).toEqual({
      id: 'u_42',
      email: 'e@x.com',
      name: 'Eve',
      plan: 'pro',
      identificationType: 'ID_PROVIDED',
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
  it('accepts UUIDs and similar tokens of 8 to 128 url-safe characters', () => {
    expect(isWellFormedAnonymousId(ANON)).toBe(true);
    expect(isWellFormedAnonymousId('abcdEFGH')).toBe(true);
    expect(isWellFormedAnonymousId('a_b-c'.padEnd(128, 'x'))).toBe(true);
  });
  it('refuses anything else', () => {
    for (const v of [undefined, null, '', 'short', 'a'.repeat(129), 'has space in it', 'quote"d-value', 'semi;colon12', 'ünïcödé-id']) {
      expect(isWellFormedAnonymousId(v), String(v)).toBe(false);
    }
  });
});

describe('constants', () => {
  it('follow the Inkeep widget cookie', () => {
    expect(DEFAULT_COOKIE_NAME).toBe('inkeepUsagePreferences_userId');
    expect(COOKIE_MAX_AGE_S).toBe(31_536_000);
  });
});
