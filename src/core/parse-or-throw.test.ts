import { describe, expect, it } from 'vitest';
import { conversationSchema, messageSchema } from './schema.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { invalidInput, SupportCopilotError } from './support-copilot-error.ts';

describe('invalidInput', () => {
  it('is a SupportCopilotError (invalid_input) whose message names each field, with the first as `field`', () => {
    const e = invalidInput('message', [
      { path: 'role', message: 'required' },
      { path: '', message: 'expected an object' },
    ]);
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(SupportCopilotError);
    expect(e.name).toBe('SupportCopilotError');
    expect(e.code).toBe('invalid_input');
    expect(e.field).toBe('role');
    expect(e.issues!.map((i) => i.path)).toEqual(['role', 'message']);
    expect(e.message).toBe('Invalid message: role: required; expected an object');
  });
});

describe('parseOrThrow', () => {
  it('returns the parsed data on success', () => {
    expect(parseOrThrow(messageSchema, { role: 'user', content: 'hi' }, 'message')).toEqual({ role: 'user', content: 'hi' });
  });

  it('throws a SupportCopilotError with the dotted path of every failing field, saying what was expected and what came', () => {
    let caught: unknown;
    try {
      parseOrThrow(messageSchema, { role: '', content: 5, links: [{ url: 'nope' }] }, 'message');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SupportCopilotError);
    const err = caught as SupportCopilotError;
    expect(err.code).toBe('invalid_input');
    expect(err.field).toBe(err.issues![0]!.path);
    expect(err.issues!.map((i) => i.path).sort()).toEqual(['content', 'links.0.url', 'role']);
    expect(err.message).toMatch(/^Invalid message: /);
    expect(err.message).toContain('content: expected string, got number');
    expect(err.message).toContain('links.0.url: ');
    expect(err.issues!.find((i) => i.path === 'role')?.message).not.toBe('');
  });

  it('names nested fields with a dotted path and says what was missing', () => {
    try {
      parseOrThrow(conversationSchema, { type: 'support_copilot', messages: [{ content: 'x' }, { role: 7 }] }, 'conversation');
      expect.unreachable('should throw');
    } catch (e) {
      const err = e as SupportCopilotError;
      expect(err.issues!.map((i) => i.path)).toEqual(['messages.0.role', 'messages.1.role']);
      expect(err.message).toContain('messages.0.role: expected string, got nothing');
      expect(err.message).toContain('messages.1.role: expected string, got number');
    }
  });

  it('lists the allowed values of an enum-like field', () => {
    try {
      parseOrThrow(conversationSchema, { type: 'support_copilot', visibility: 'internal', messages: [] }, 'conversation');
      expect.unreachable('should throw');
    } catch (e) {
      expect((e as SupportCopilotError).message).toBe('Invalid conversation: visibility: expected "private" or "public", got "internal"');
    }
  });

  it('an error at the root names the input itself as the field, with no leading separator in the message', () => {
    try {
      parseOrThrow(messageSchema, 'just a string', 'message');
      expect.unreachable('should throw');
    } catch (e) {
      expect((e as SupportCopilotError).field).toBe('message');
      expect((e as SupportCopilotError).message).not.toMatch(/Invalid message: :/);
    }
  });
});
