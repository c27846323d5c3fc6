import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYTICS_URL, resolveLoggerConfig } from './config.ts';
import { SupportCopilotError } from './support-copilot-error.ts';

function configError(input: unknown): SupportCopilotError {
  try {
    resolveLoggerConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(SupportCopilotError);
    return e as SupportCopilotError;
  }
  throw new Error(`expected config ${JSON.stringify(input)} to be refused`);
}

describe('resolveLoggerConfig', () => {
  it('applies defaults', () => {
    const c = resolveLoggerConfig({ apiKey: 'k' });
    expect(c).toEqual({
      apiKey: 'k',
      analyticsUrl: DEFAULT_ANALYTICS_URL,
      cookieName: 'inkeepUsagePreferences_userId',
      flushDelayMs: 250,
      maxStoredBytes: 20 * 1024 * 1024,
      retentionMs: 7 * 24 * 60 * 60 * 1000,
      requestTimeoutMs: 30_000,
      storageTimeoutMs: 3_000,
      privacyPreferences: {},
    });
    expect(DEFAULT_ANALYTICS_URL).toBe('https://api.analytics.inkeep.com');
  });

  it('keeps given values, including callbacks, and trims trailing slashes from analyticsUrl', () => {
    const onError = () => {};
    const c = resolveLoggerConfig({
      apiKey: 'k',
      analyticsUrl: 'http://localhost:8787/api//',
      flushDelayMs: 0,
      cookieName: 'my_cookie',
      cookieDomain: '.example.com',
      privacyPreferences: { optOutAnalyticalCookies: true },
      onError,
    });
    expect(c.analyticsUrl).toBe('http://localhost:8787/api');
    expect(c.flushDelayMs).toBe(0);
    expect(c.cookieName).toBe('my_cookie');
    expect(c.cookieDomain).toBe('.example.com');
    expect(c.privacyPreferences).toEqual({ optOutAnalyticalCookies: true });
    expect(c.onError).toBe(onError);
    expect(resolveLoggerConfig({ apiKey: 'k', analyticsUrl: 'https://a.example/' }).analyticsUrl).toBe('https://a.example');
  });

  it('refuses a missing or empty apiKey, naming apiKey', () => {
    expect(configError({}).message).toContain('apiKey');
    expect(configError({ apiKey: '' }).message).toContain('apiKey');
    expect(configError({ apiKey: 3 }).issues!.map((i) => i.path)).toEqual(['apiKey']);
  });

  it('refuses a non-object config', () => {
    expect(configError(null).message).toMatch(/^Invalid config/);
    expect(configError('key').message).toMatch(/^Invalid config/);
  });

  it('refuses an analyticsUrl that is not an absolute http(s) URL, naming analyticsUrl', () => {
    for (const url of ['ftp://x', 'not a url', '/relative', 'javascript:alert(1)']) {
      const e = configError({ apiKey: 'k', analyticsUrl: url });
      expect(e.issues!.map((i) => i.path), url).toEqual(['analyticsUrl']);
      expect(e.message).toContain('analyticsUrl');
    }
  });

  it('refuses a negative flushDelayMs and non-positive limits, naming the field', () => {
    expect(configError({ apiKey: 'k', flushDelayMs: -1 }).message).toContain('flushDelayMs');
    expect(configError({ apiKey: 'k', maxStoredBytes: 0 }).message).toContain('maxStoredBytes');
    expect(configError({ apiKey: 'k', requestTimeoutMs: -5 }).message).toContain('requestTimeoutMs');
    expect(configError({ apiKey: 'k', retentionMs: -1 }).message).toContain('retentionMs');
    expect(configError({ apiKey: 'k', flushDelayMs: '10' }).message).toContain('flushDelayMs');
  });

  it('refuses a cookie name that is not a valid cookie token, naming cookieName', () => {
    for (const name of ['has space', 'semi;colon', 'eq=ual', '']) {
      expect(configError({ apiKey: 'k', cookieName: name }).message, name).toContain('cookieName');
    }
  });

  it('refuses callbacks that are not functions and bad consent flags, naming the field', () => {
    expect(configError({ apiKey: 'k', onError: 'nope' }).message).toContain('onError');
    expect(configError({ apiKey: 'k', privacyPreferences: { optOutAllAnalytics: 'yes' } }).message).toContain('privacyPreferences.optOutAllAnalytics');
    expect(configError({ apiKey: 'k', user: { id: '' } }).message).toContain('user.id');
  });
});

describe('unknown keys', () => {
  it('are reported once with their names, and the known ones are kept', async () => {
    const { vi } = await import('vitest');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cfg = resolveLoggerConfig({ apiKey: 'k', analyticsURL: 'http://localhost:1' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('analyticsURL');
    expect(cfg.analyticsUrl).toBe('https://api.analytics.inkeep.com');
    warn.mockRestore();
  });
});

// Issue 16 item 6: the cookie domain goes into the cookie string; anything but a domain name is refused alone.
describe('cookieDomain', () => {
  it.each(['example.com; Max-Age=3', 'exa mple.com', 'example.com=1', ';Max-Age=0'])('%j is refused naming it, the default (no Domain) used, the rest kept', (cookieDomain) => {
    const refused: SupportCopilotError[] = [];
    const c = resolveLoggerConfig({ apiKey: 'k', projectId: 'p', cookieDomain }, false, (e) => refused.push(e));
    expect(refused.map((e) => [e.code, e.field])).toEqual([['invalid_input', 'cookieDomain']]);
    expect(refused[0]!.message).toContain('cookieDomain: expected a domain name like example.com');
    expect(c.cookieDomain).toBeUndefined();
    expect(c).toMatchObject({ apiKey: 'k', projectId: 'p' });
  });

  it.each(['example.com', '.help.example.co.uk', 'localhost'])('%j is accepted', (cookieDomain) => {
    expect(resolveLoggerConfig({ apiKey: 'k', cookieDomain }, false, () => expect.unreachable()).cookieDomain).toBe(cookieDomain);
  });

  it('a missing apiKey still refuses the whole config (the data would have nowhere to go)', () => {
    expect(() => resolveLoggerConfig({ cookieDomain: 'a b' }, false)).toThrow(/apiKey: expected string/);
  });

  it('analyticsUrl that is not http(s) refuses the config, naming it', () => {
    expect(() => resolveLoggerConfig({ apiKey: 'k', analyticsUrl: 'ftp://x' }, false)).toThrow('Invalid config: analyticsUrl: expected an absolute http(s) URL');
  });
});
