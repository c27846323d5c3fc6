import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkWidgetConfig, loggerPart } from './widget-config.ts';

afterEach(() => vi.restoreAllMocks());

describe('widget config', () => {
  it('warns about an unknown key (a typo) without throwing, and not about known ones', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    checkWidgetConfig({ apiKey: 'k', analyticsURL: 'http://x', chat: { url: '/c' }, theme: 'dark' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('analyticsURL');
    warn.mockClear();
    checkWidgetConfig({ apiKey: 'k', analyticsUrl: 'http://x', onError() {}, onEvent() {}, strings: { send: 'Go' } });
    expect(warn).not.toHaveBeenCalled();
  });

  it("gives the logger its own options only, never the widget's onEvent (widget events are not outbox events)", () => {
    const onEvent = () => {};
    const onError = () => {};
    const part = loggerPart({ apiKey: 'k', chat: { url: '/c' }, theme: 'dark', onEvent, onError, flushDelayMs: 5 });
    expect(part).toEqual({ apiKey: 'k', onError, flushDelayMs: 5 });
  });
});
