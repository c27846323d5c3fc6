/**
 * One conversation as the host writes to it (`logger.conversation()`): its fields checked at the
 * door and kept as parsed, its messages appended to the durable Outbox.
 */
import { toMessage } from '../core/message-input.ts';
import { ownCopy } from '../core/own-copy.ts';
import { recordKey } from '../core/outbox-record.ts';
import { parseOrThrow } from '../core/parse-or-throw.ts';
import { conversationSchema, SCHEMAS_LATER, schemasReady, type Message } from '../core/schema.ts';
import { invalidInput } from '../core/support-copilot-error.ts';
import type { ConversationHandle, ConversationOptions } from '../core/public-types.ts';
import type { LoggerContext } from './logger-context.ts';

type Fields = Omit<ConversationOptions, 'id'>;

const clean = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

// Conversation fields are checked at the door too: a bad one would fail every request later.
// What is kept (and sent) is the parsed copy, never the host's object: only the fields the schema knows, as checked.
const checkFields = (f: Fields) => {
  const { type: _t, messages: _m, id: _i, ...parsed } = parseOrThrow(conversationSchema, { ...f, type: 'support_copilot', messages: [] }, 'conversation');
  return parsed as Fields;
};

export function createConversationHandle(ctx: LoggerContext, options: ConversationOptions = {}): ConversationHandle {
  const { newId, now, identity, optedOut, cfg, ready, ifStored } = ctx;
  // Own properties only: a page's `Object.prototype.id` is not this conversation's id.
  const { id: given, ...rest } = ownCopy(options ?? {});
  if (given !== undefined && (typeof given !== 'string' || given.length === 0 || given.length > 255)) {
    throw invalidInput('conversation', [{ path: 'id', message: 'expected a non-empty string of at most 255 characters' }]);
  }
  let fields: Fields = {};
  // Fields given while the schemas are still to come (the script tag's work chunk, core/schema.ts):
  // checked before the next write, which a bad one rejects (the last good fields stay, as a throw would leave them).
  let unchecked: Fields | undefined;
  const take = (f: Fields) => {
    if (SCHEMAS_LATER) unchecked = ownCopy(f);
    else [fields, unchecked] = [checkFields(f), undefined];
  };
  take(rest);
  const id = given ?? newId();
  // Once this handle has seen stored history, an empty store means it was evicted (by another
  // tab): starting over would send a partial list that replaces the server's whole one.
  let hadHistory = false;
  /** Returns the fields `next` named, as parsed. */
  const setFields = (next: Fields) => {
    take({ ...fields, ...unchecked, ...ownCopy(next) });
    return Object.fromEntries(Object.keys(next ?? {}).map((k) => [k, fields[k as keyof typeof fields]]));
  };
  /** The schemas, once they are here (appends and updates keep their order: they all wait for the same load). */
  const schemas = async () => {
    if (SCHEMAS_LATER) await schemasReady();
    const given = unchecked;
    unchecked = undefined;
    if (given) fields = checkFields(given);
  };
  ctx.whenStarted(({ outbox }) => outbox.hold(recordKey('conversation', id)));
  return {
    id,
    async append(input) {
      const own = ownCopy(input);
      // The moment of the call and who the visitor was then, even when the schemas are still to come
      // (an identify() or setConsent() right after must not change this message).
      const at = now();
      const { userProperties } = identity();
      const opted = optedOut();
      if (unchecked || SCHEMAS_LATER) await schemas();
      const message: Message = toMessage(own, newId, at);
      // Dates we stamped are kept after the conversation's last one (a clock moved back); the host's own are kept as given.
      const keepOrder = own.createdAt === undefined;
      if (message.role === 'user' && message.userProperties == null) message.userProperties = userProperties;
      if (opted) return message;
      const { projectId, integrationId } = cfg();
      const convFields = clean({ projectId, integrationId, userProperties, ...fields });
      const { outbox } = await ready();
      await outbox.append(id, convFields, message, hadHistory, keepOrder);
      hadHistory = true;
      return message;
    },
    async messages() {
      const messages = (await (await ifStored())?.outbox.messages(id)) ?? [];
      hadHistory ||= messages.length > 0;
      return messages;
    },
    set: (next) => void setFields(next),
    async update(next) {
      if (unchecked || SCHEMAS_LATER) await schemas();
      const parsed = setFields(next);
      if (optedOut()) return;
      await (await ready()).outbox.updateFields(id, clean(parsed));
    },
  };
}
