/** The script tag's `data-*` attributes: each documented one maps to its option with its kind; bad values name the attribute. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFromAttributes } from './embed-attributes.ts';

const camel = (attr: string) => attr.replace(/^data-/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

describe('configFromAttributes', () => {
  it('maps strings, booleans, numbers and nested options', () => {
    const { config, unknown } = configFromAttributes({ apiKey: 'k', open: '', launcher: 'false', zIndex: '20', chatUrl: '/v1/chat', chatModel: 'm', chatIdleTimeoutMs: '90000', chatMaxAnswerMs: '600000', chatProtocol: 'inkeep', optOutAllAnalytics: 'true', brandName: 'Acme' });
    expect({ ...config, chat: { ...config.chat }, privacyPreferences: { ...config.privacyPreferences } }).toEqual({
      apiKey: 'k',
      open: true,
      launcher: false,
      zIndex: 20,
      chat: { url: '/v1/chat', model: 'm', idleTimeoutMs: 90_000, maxAnswerMs: 600_000, protocol: 'inkeep' },
      privacyPreferences: { optOutAllAnalytics: true },
      brandName: 'Acme',
    });
    expect(unknown).toEqual([]);
  });

  it('refuses a bad boolean or number naming the attribute, and lists unknown attributes', () => {
    expect(() => configFromAttributes({ open: 'maybe' })).toThrow('data-open: expected "true" or "false", got "maybe"');
    expect(() => configFromAttributes({ offsetX: '12px' })).toThrow('data-offset-x: expected a number, got "12px"');
    expect(() => configFromAttributes({ zIndex: ' ' })).toThrow('data-z-index');
    expect(configFromAttributes({ apiKey: 'k', colour: 'red' }).unknown).toEqual(['data-colour']);
  });

  it('knows every attribute docs/configuration.md documents', () => {
    const documented = [...new Set(readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8').match(/`data-[a-z-]+`/g) ?? [])]
      .map((a) => a.slice(1, -1))
      .filter((a) => a !== 'data-support-copilot-open');
    expect(documented.length).toBeGreaterThan(30);
    const { unknown } = configFromAttributes(Object.fromEntries(documented.map((a) => [camel(a), /ms|offset|index/.test(a) ? '1' : /open|launcher|opt-out|show|offer-help/.test(a) ? 'true' : 'x'])));
    expect(unknown).toEqual([]);
  });
});
