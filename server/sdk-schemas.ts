/**
 * The collector's oracle: request bodies are checked with the official `@inkeep/inkeep-analytics`
 * SDK's own request schemas (its `$inboundSchema`s, which read the JSON wire format), never with
 * the widget's schema module, so a mistake in the widget's schema shows up as a refusal here.
 *
 * The SDK's bodies are unions (`CreateConversation` on `type`, `InsertEvent` on `entityType`);
 * a failed union only says "invalid input" at the root, so the branch is picked by its
 * discriminator first and its issues name the failing field (`reasons.0.details`).
 *
 * The SDK was generated against zod 3 and declares `zod >= 3`; here it runs on the project's
 * zod 4, whose date-time check is the stricter of the two (seconds and a `+hh:mm` offset are
 * required). Server-only: nothing under src/ may import this module.
 */
import {
  CreateOpenAIConversation$inboundSchema,
  CreateSupportCopilotConversation$inboundSchema,
  CreateSupportTicketConversation$inboundSchema,
  InsertConversationEvent$inboundSchema,
  InsertMessageEvent$inboundSchema,
  InsertSearchEvent$inboundSchema,
} from '@inkeep/inkeep-analytics/models/components';
import { LogFeedbackRequestBody$inboundSchema } from '@inkeep/inkeep-analytics/models/operations';

export type BodyKind = 'conversation' | 'feedback' | 'event';

export interface Issue {
  /** Dotted path of the failing field (`messages.0.role`); empty for the body itself. */
  path: string;
  message: string;
}

export type Verdict = { ok: true } | { ok: false; issues: Issue[] };

interface SdkIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  errors?: readonly (readonly SdkIssue[])[];
}
interface SdkSchema {
  safeParse(input: unknown): { success: true } | { success: false; error: { issues: readonly SdkIssue[] } };
}

/** Conversation types the real API accepts (`CreateConversation`), by their `type`. */
export const CONVERSATION_SCHEMAS: Record<string, SdkSchema> = {
  openai: CreateOpenAIConversation$inboundSchema,
  support_ticket: CreateSupportTicketConversation$inboundSchema,
  support_copilot: CreateSupportCopilotConversation$inboundSchema,
};

/** Event targets the real API accepts (`InsertEvent`), by their `entityType`. */
export const EVENT_SCHEMAS: Record<string, SdkSchema> = {
  message: InsertMessageEvent$inboundSchema,
  conversation: InsertConversationEvent$inboundSchema,
  search: InsertSearchEvent$inboundSchema,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** zod's texts, without the "Invalid input: " lead that every one of them repeats. */
function describe(issue: SdkIssue): string {
  if (issue.code === 'invalid_union' && issue.errors?.length) {
    const options = issue.errors.map((branch) => branch[0]?.message.replace(/^Invalid input: /, '').replace(/, received .*$/, '') ?? '?');
    const received = /, (received .*)$/.exec(issue.errors[0]?.[0]?.message ?? '')?.[1];
    // "expected string or number, received object"
    return `${options.map((o, i) => (i ? o.replace(/^expected /, '') : o)).join(' or ')}${received ? `, ${received}` : ''}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

function check(schema: SdkSchema, body: unknown): Verdict {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true };
  return { ok: false, issues: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: describe(i) })) };
}

function byDiscriminator(table: Record<string, SdkSchema>, field: string, body: unknown): Verdict {
  if (!isRecord(body)) return check(Object.values(table)[0]!, body);
  // Own keys only: an entityType of "toString" is not a schema (fast-check finds it).
  const schema = typeof body[field] === 'string' && Object.hasOwn(table, body[field]) ? table[body[field]] : undefined;
  if (!schema) {
    const known = Object.keys(table).map((k) => JSON.stringify(k)).join(', ');
    return { ok: false, issues: [{ path: field, message: `expected one of ${known}, received ${JSON.stringify(body[field]) ?? 'nothing'}` }] };
  }
  return check(schema, body);
}

/** Checks a parsed JSON body against the SDK's schema for its endpoint. */
export function validateBody(kind: BodyKind, body: unknown): Verdict {
  if (kind === 'conversation') return byDiscriminator(CONVERSATION_SCHEMAS, 'type', body);
  if (kind === 'event') return byDiscriminator(EVENT_SCHEMAS, 'entityType', body);
  return check(LogFeedbackRequestBody$inboundSchema, body);
}
