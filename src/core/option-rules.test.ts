import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { COLOUR, isDomain, isPageUrl } from './option-rules.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { ownCopy } from './own-copy.ts';
import type { SupportCopilotError } from './support-copilot-error.ts';

const isColour = (v: unknown) => typeof v === 'string' && COLOUR.test(v);

describe('option rules', () => {
  it.each(['#abc', '#abcd', '#2563eb', '#2563eb80', 'red', 'RebeccaPurple', 'rgb(1,2,3)', 'rgba(1, 2, 3, 0.5)', 'rgb(1 2 3 / 50%)', 'hsl(220deg 80% 50%)', 'var(--brand)'])('colour %s accepted', (v) => expect(isColour(v)).toBe(true));
  it.each(['url(https://tracker.example/p)', 'red; background: url(x)', '}', 'expression(alert(1))', 'red}body{x:y', '#12', 'var(--a);x', 'image-set(x)', '', 42])('colour %s refused', (v) => expect(isColour(v)).toBe(false));

  it.each(['example.com', '.example.com', 'help.example.co.uk', 'localhost', 'xn--bcher-kva.example'])('domain %s accepted', (v) => expect(isDomain(v)).toBe(true));
  it.each(['example.com; Max-Age=3', 'exa mple.com', 'example.com=1', ';Max-Age=0', '-bad.com', 'a..b', '', 'example.com\n'])('domain %j refused', (v) => expect(isDomain(v as string)).toBe(false));

  it.each(['/v1/chat', 'v1/chat', '//cdn.example.com/x', 'https://x.example/y', 'http://localhost:8787/x'])('page URL %s accepted', (v) => expect(isPageUrl(v)).toBe(true));
  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)', 'data:text/html,x', 'ftp://x', 'mailto:a@b', '', '   '])('page URL %j refused', (v) => expect(isPageUrl(v)).toBe(false));
  it('mailto: where a link is meant to mail', () => expect(isPageUrl('mailto:help@example.com', ['http:', 'https:', 'mailto:'])).toBe(true));

  it('parseOrThrow with soft options: a failing one is dropped (a nested one takes its parent) and named; the rest parses', () => {
    const schema = z.object({ a: z.string(), chat: z.optional(z.object({ url: z.string().check(z.refine((v) => isPageUrl(v), 'expected a URL')) })), c: z.optional(z.string().check(z.refine((v) => COLOUR.test(v), 'expected a colour'))) });
    const refused: SupportCopilotError[] = [];
    const input = ownCopy({ a: 'kept', chat: { url: 'javascript:x' }, c: 'b;d' });
    expect(parseOrThrow(schema, input, 'config', ['chat', 'c'], (e) => refused.push(e))).toEqual({ a: 'kept' });
    expect(input).toEqual({ a: 'kept' });
    expect(refused.map((e) => [e.code, e.field])).toEqual([
      ['invalid_input', 'chat.url'],
      ['invalid_input', 'c'],
    ]);
    expect(refused[0]!.message).toBe('Invalid config: chat.url: expected a URL (ignored)');
  });

  it('a hard failure among soft ones refuses the whole input, naming every field', () => {
    const schema = z.object({ a: z.string(), c: z.optional(z.string().check(z.refine((v) => COLOUR.test(v), 'expected a colour'))) });
    const refused: unknown[] = [];
    expect(() => parseOrThrow(schema, ownCopy({ c: 'b;d' }), 'config', ['c'], (e) => refused.push(e))).toThrow('Invalid config: a: expected string, got nothing; c: expected a colour');
    expect(refused).toEqual([]);
  });

});
