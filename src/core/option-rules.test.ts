import { describe, expect, it } from 'vitest';
import { isColour, isDomain, isPageUrl, refuseBadOptions } from './option-rules.ts';

describe('option rules', () => {
  it.each(['#abc', '#abcd', '#2563eb', '#2563eb80', 'red', 'RebeccaPurple', 'rgb(1,2,3)', 'rgba(1, 2, 3, 0.5)', 'rgb(1 2 3 / 50%)', 'hsl(220deg 80% 50%)', 'var(--brand)'])('colour %s accepted', (v) => expect(isColour(v)).toBe(true));
  it.each(['url(https://tracker.example/p)', 'red; background: url(x)', '}', 'expression(alert(1))', 'red}body{x:y', '#12', 'rgb(1,2)', 'var(--a);x', 'image-set(x)', '', 42])('colour %s refused', (v) => expect(isColour(v)).toBe(false));

  it.each(['example.com', '.example.com', 'help.example.co.uk', 'localhost', 'xn--bcher-kva.example'])('domain %s accepted', (v) => expect(isDomain(v)).toBe(true));
  it.each(['example.com; Max-Age=3', 'exa mple.com', 'example.com=1', ';Max-Age=0', '-bad.com', 'a..b', '', 'example.com\n'])('domain %j refused', (v) => expect(isDomain(v)).toBe(false));

  it.each(['/v1/chat', 'v1/chat', '//cdn.example.com/x', 'https://x.example/y', 'http://localhost:8787/x'])('page URL %s accepted', (v) => expect(isPageUrl(v)).toBe(true));
  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,x', 'ftp://x', 'mailto:a@b', '', '   '])('page URL %j refused', (v) => expect(isPageUrl(v)).toBe(false));
  it('mailto: where a link is meant to mail', () => expect(isPageUrl('mailto:help@example.com', ['http:', 'https:', 'mailto:'])).toBe(true));

  it('drops a refused option (a nested one takes its parent) and names it', () => {
    const { config, refused } = refuseBadOptions({ a: 'red', chat: { url: 'javascript:x', model: 'm' }, c: 'b;d' }, { 'chat.url': [isPageUrl, 'expected a URL'], c: [isColour, 'expected a colour'], a: [isColour, 'expected a colour'] });
    expect(config).toEqual({ a: 'red' });
    expect(refused.map((e) => [e.code, e.field])).toEqual([
      ['invalid_input', 'chat.url'],
      ['invalid_input', 'c'],
    ]);
    expect(refused[0]!.message).toBe('Invalid config: chat.url: expected a URL; got "javascript:x", ignored (the default is used)');
  });

  it('leaves a non-object to the schema', () => expect(refuseBadOptions('x', {})).toEqual({ config: 'x', refused: [] }));
});
