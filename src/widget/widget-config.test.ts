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
    // A thrown error's field, or the field of the first option refused alone (dropped, the widget starts).
    const field = (patch: object) => {
      const refused: string[] = [];
      try {
        checkWidgetConfig({ ...ok, ...patch }, true, (e) => refused.push(e.field!));
      } catch (e) {
        return (e as { field?: string }).field;
      }
      return refused[0] ? `refused ${refused[0]}` : 'accepted';
    };
    expect(field({ position: 'top' })).toBe('refused position');
    expect(field({ shortcut: 'hyper+k' })).toBe('shortcut');
    expect(field({ offsetY: -1 })).toBe('offsetY');
    // Refused mode "modal": floating, which needs no container.
    expect(field({ mode: 'modal' })).toBe('refused mode');
    expect(field({ pageContext: 'query' })).toBe('refused pageContext');
    // A bad Get help entry is left out alone (the widget starts with the others).
    expect(field({ getHelp: [{ name: 'x', action: { type: 'open_link', url: 'javascript:alert(1)' } }] })).toBe('refused getHelp.0.action');
    expect(field({ getHelp: [{ name: 'x', action: { type: 'invoke_callback' } }] })).toBe('refused getHelp.0.action');
    expect(field({ getHelp: [{ name: 7, action: { type: 'open_form' } }] })).toBe('getHelp.0.name');
    expect(field({ container: undefined })).toBe('container');
    expect(field({ ticketUrl: undefined })).toBe('ticketUrl');
    expect(field({ ticketUrl: undefined, createTicket: async () => ({ id: '1' }) })).toBe('accepted');
  });

  it('keeps the good Get help entries when one is bad', () => {
    const refused: string[] = [];
    const c = checkWidgetConfig(
      { apiKey: 'k', getHelp: [{ name: 'Bad', action: { type: 'open_link', url: 'javascript:alert(1)' } }, { name: 'Docs', action: { type: 'open_link', url: 'https://docs.example.com' } }] },
      true,
      (e) => refused.push(e.message),
    );
    expect(c.getHelp!.map((o) => o.name)).toEqual(['Docs']);
    expect(refused).toEqual([expect.stringMatching(/^Invalid config: getHelp\.0\.action: expected open_link/)]);
  });

  // Issue 16 item 6: values that would escape their place are refused alone, naming the option; the rest starts.
  it.each([
    ['primaryColor', { primaryColor: 'url(https://tracker.example/p)' }],
    ['primaryColor', { primaryColor: 'red; background: url(x)' }],
    ['primaryColor', { primaryColor: '}' }],
    ['primaryColor', { primaryColor: 'expression(alert(1))' }],
    ['chat.url', { chat: { url: 'javascript:alert(1)' } }],
    ['chat.idleTimeoutMs', { chat: { url: '/c', idleTimeoutMs: 0 } }],
    ['chat.maxAnswerMs', { chat: { url: '/c', maxAnswerMs: '5m' } }],
    // Issue 19: the protocol, the request's body and headers.
    ['chat.protocol', { chat: { url: '/c', protocol: 'anthropic' } }],
    ['chat.headers', { chat: { url: '/c', headers: { 'x-n': 1 } } }],
    ['chat.headers', { chat: { url: '/c', headers: 'Bearer x' } }],
    ['chat.body', { chat: { url: '/c', body: [1] } }],
    ['chat.body', { chat: { url: '/c', body: { at: new Date() } } }],
    ['logoUrl', { logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>' }],
    ['logoUrl', { logoUrl: 'javascript:alert(1)' }],
    ['ticketUrl', { ticketUrl: 'javascript:void 0' }],
    ['theme', { theme: 'neon' }],
  ])('refuses %s %j: dropped, reported naming it, the widget keeps the rest', (name, patch) => {
    const refused: { code: string; field?: string; message: string }[] = [];
    const c = checkWidgetConfig({ apiKey: 'k', brandName: 'Acme', ...patch }, false, (e) => refused.push(e));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'invalid_input', field: name });
    expect(refused[0]!.message).toContain(`${name}: expected`);
    const top = name.split('.')[0]!;
    expect(Object.hasOwn(c, top)).toBe(false);
    expect(c).toMatchObject({ apiKey: 'k', brandName: 'Acme' });
  });

  it.each([
    { primaryColor: '#2563eb' },
    { primaryColor: '#fff' },
    { primaryColor: 'rebeccapurple' },
    { primaryColor: 'rgb(37, 99, 235)' },
    { primaryColor: 'rgb(37 99 235 / 50%)' },
    { primaryColor: 'hsla(220, 80%, 50%, 0.9)' },
    { primaryColor: 'var(--brand-blue)' },
    { chat: { url: '/v1/chat/completions' } },
    { chat: { url: 'https://chat.example.com/v1/chat/completions' } },
    { chat: { url: '/c', idleTimeoutMs: 90_000, maxAnswerMs: 600_000 } },
    // With `answer`, `chat` may hold only the timeouts.
    { answer: async function* () {}, chat: { idleTimeoutMs: 90_000 } },
    ...(['openai', 'inkeep', 'ai-sdk', 'text'] as const).map((protocol) => ({ chat: { url: '/c', protocol } })),
    { chat: { url: '/c', headers: { 'x-site': 'docs' }, body: { temperature: 0, metadata: { site: 'docs' } } } },
    { chat: { url: '/c', headers: async () => ({ authorization: 'Bearer t' }), body: (ctx: { conversationId: string }) => ({ metadata: { conversation: ctx.conversationId } }) } },
    { logoUrl: 'https://cdn.example.com/logo.svg' },
    { logoUrl: '/logo.png' },
  ])('accepts %j', (patch) => {
    const refused: unknown[] = [];
    const c = checkWidgetConfig({ apiKey: 'k', ...patch }, false, (e) => refused.push(e));
    expect(refused).toEqual([]);
    expect(c).toMatchObject(patch);
  });

  it('a refused ticketUrl takes its contact form entry with it (no widget-stopping "ticketUrl required")', () => {
    const refused: string[] = [];
    const c = checkWidgetConfig(
      { apiKey: 'k', ticketUrl: 'javascript:x', getHelp: [{ name: 'Form', action: { type: 'open_form' } }, { name: 'Docs', action: { type: 'open_link', url: '/docs' } }] },
      false,
      (e) => refused.push(e.field!),
    );
    expect(refused).toEqual(['ticketUrl']);
    expect(c.getHelp!.map((o) => o.name)).toEqual(['Docs']);
  });

  it('reads own properties only: a polluted Object.prototype is not configuration, and the copy cannot inherit', () => {
    const proto = Object.prototype as unknown as Record<string, unknown>;
    try {
      for (const k of ['chat', 'user', 'headers', 'theme', 'primaryColor']) proto[k] = `polluted-${k}`;
      const c = checkWidgetConfig({ apiKey: 'k' }, false) as unknown as Record<string, unknown>;
      expect(Object.getPrototypeOf(c)).toBe(null);
      expect(c.chat).toBeUndefined();
      expect(c.theme).toBeUndefined();
      expect(loggerPart(c)).toEqual({ apiKey: 'k' });
    } finally {
      for (const k of ['chat', 'user', 'headers', 'theme', 'primaryColor']) delete proto[k];
    }
  });
});
