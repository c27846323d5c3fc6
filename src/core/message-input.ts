/** Turns host input into an API message, or throws `invalid_input` naming the field. Pure. */
import { messageSchema, type Message } from './schema.ts';
import type { MessageInput } from './public-types.ts';
import { parseOrThrow } from './parse-or-throw.ts';
import { invalidInput } from './support-copilot-error.ts';
import { ownCopy } from './own-copy.ts';

function iso(value: unknown, field: string): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidInput('message', [{ path: field, message: 'invalid Date' }]);
    return value.toISOString();
  }
  return value;
}

export function toMessage(input: MessageInput, newId: () => string, now: number): Message {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw invalidInput('message', [{ path: '', message: 'expected an object like { role, content }' }]);
  }
  // Own properties only: a page's `Object.prototype.id` is not this message's id.
  input = ownCopy(input);
  const stamp = new Date(now).toISOString();
  const candidate = {
    ...input,
    id: input.id ?? newId(),
    createdAt: iso(input.createdAt, 'createdAt') ?? stamp,
    updatedAt: iso(input.updatedAt, 'updatedAt') ?? iso(input.createdAt, 'createdAt') ?? stamp,
  };
  return parseOrThrow(messageSchema, candidate, 'message');
}
