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

  // Around the chat (issue 13)
  it('accepts the options around the chat and refuses bad ones, naming the field', () => {
    const ok = {
      apiKey: 'k',
      mode: 'inline',
      container: '#help',
      launcher: false,
      position: 'left',
      offsetX: 0,
      offsetY: 90,
      zIndex: 10,
      shortcut: 'mod+k',
      locale: 'pt-BR',
      pageContext: 'none',
      ticketUrl: '/tickets',
      getHelp: [
        { name: 'Form', action: { type: 'open_form' } },
        { name: 'Mail', action: { type: 'open_link', url: 'mailto:help@example.com' } },
        { name: 'Forum', action: { type: 'open_link', url: '/forum' } },
        { name: 'Chat', action: { type: 'invoke_callback', callback() {} } },
      ],
    };
    expect(() => checkWidgetConfig(ok)).not.toThrow();
    const field = (patch: object) => {
      try {
        checkWidgetConfig({ ...ok, ...patch });
      } catch (e) {
        return (e as { field?: string }).field;
      }
      return 'accepted';
    };
    expect(field({ position: 'top' })).toBe('position');
    expect(field({ shortcut: 'hyper+k' })).toBe('shortcut');
    expect(field({ offsetY: -1 })).toBe('offsetY');
    expect(field({ mode: 'modal' })).toBe('mode');
    expect(field({ pageContext: 'query' })).toBe('pageContext');
    expect(field({ getHelp: [{ name: 'x', action: { type: 'open_link', url: 'javascript:alert(1)' } }] })).toBe('getHelp.0.action');
    expect(field({ getHelp: [{ name: 'x', action: { type: 'invoke_callback' } }] })).toBe('getHelp.0.action');
    expect(field({ container: undefined })).toBe('container');
    expect(field({ ticketUrl: undefined })).toBe('ticketUrl');
    expect(field({ ticketUrl: undefined, createTicket: async () => ({ id: '1' }) })).toBe('accepted');
  });
});
