/**
 * The widget's door and the official SDK agree (issue 11): for generated conversations, messages,
 * feedback and events, mostly valid and often broken in one place,
 *   1. what our door accepts (`toMessage`, `appendMessage` + `payloadOf`, `upsertDocument`, the
 *      zod/mini schemas of src/core/schema.ts, the config's user and agent) becomes a request body
 *      that the SDK's own schema accepts, after a JSON round trip, as it travels;
 *   2. what the SDK refuses (the same input, with only the door's documented normalizations:
 *      ids and dates filled in, Dates as ISO strings, reasons' missing details as '') is refused
 *      at our door with a SupportCopilotError (invalid_input) naming the field the SDK names.
 * Both outcomes must occur often, so the test cannot pass by generating only one kind of input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLoggerConfig } from '../src/core/config.ts';
import { userProperties } from '../src/core/identity-rules.ts';
import { toMessage } from '../src/core/message-input.ts';
import { appendMessage, payloadOf, upsertDocument } from '../src/core/outbox-record.ts';
import { conversationSchema, eventSchema, feedbackSchema } from '../src/core/schema.ts';
import type { MessageInput, PrivacyPreferences, SupportAgent, UserIdentity } from '../src/core/public-types.ts';
import { parseOrThrow } from '../src/core/parse-or-throw.ts';
import { invalidInput, SupportCopilotError, type Issue as DoorIssue } from '../src/core/support-copilot-error.ts';
import { validateBody, type BodyKind, type Issue } from './sdk-schemas.ts';

const RUNS = 1000;
const NOW = Date.UTC(2026, 0, 31, 12);
const STAMP = new Date(NOW).toISOString();
const ANON = '3b241101-e2bb-4255-8caf-4136c566a962';

// ------------------------------------------------------------------ generators

/** Usually `good`, sometimes anything at all (wrong types, Dates, BigInts, nested junk). */
const junk = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.object({ maxDepth: 2 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.date(),
  fc.bigInt(),
);
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 24, arbitrary: good }, { weight: 1, arbitrary: junk });
const text = fc.string({ maxLength: 12 });
const optText = mostly(fc.option(text, { nil: null }));
const id = mostly(fc.oneof({ weight: 8, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 260 }) }));

/** Date-times in and around the API's format: canonical, offsets, no seconds, lower case, impossible days. */
const dateString = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  fc
    .tuple(
      fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
      fc.constantFrom(':00', ':59', ':59.5', ':07.123456', ''),
      fc.constantFrom('Z', 'z', '+02:00', '-05:30', '+23:59', '+24:00', '+0200', '', '+02'),
      fc.constantFrom('T', 't'),
    )
    .map(([d, sec, tz, t]) => `${d.toISOString().slice(0, 10)}${t}${d.toISOString().slice(11, 16)}${sec}${tz}`),
  fc.constantFrom('2026-02-30T00:00:00Z', '2025-02-29T10:00:00Z', '2024-02-29T10:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z', '+002026-01-01T00:00:00Z', 'yesterday', ''),
);

/** Free-form data: JSON, sometimes with things JSON cannot carry or nested too deep. */
const deep = (n: number) => Array.from({ length: n }).reduce<unknown>((acc) => ({ d: acc }), 1);
const data = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ when: new Date(0) }, { n: 5n }, { f: () => 1 }, deep(40), deep(20), [1, 2], 'text', new Map()) },
);
const properties = mostly(fc.option(data, { nil: null }));

const extraUserKeys = fc.dictionary(fc.constantFrom('plan', 'email', 'name', 'userId', 'userType', 'identificationType', 'supportAgentName', 'company'), mostly(fc.jsonValue({ maxDepth: 2 })), { maxKeys: 3 });
const user = fc.option(
  fc.tuple(fc.record({ id: mostly(fc.oneof(fc.uuid(), fc.integer(), fc.constant(''))), type: mostly(text) }, { requiredKeys: [] }), extraUserKeys).map(([u, extra]) => ({ ...extra, ...u })),
  { nil: undefined },
);
const agent = fc.option(fc.record({ name: mostly(text), email: mostly(text) }, { requiredKeys: [] }), { nil: undefined });
const prefs = fc.record({ optOutAnalyticalCookies: fc.boolean(), optOutAllAnalytics: fc.boolean() }, { requiredKeys: [] });

const link = fc.record(
  {
    url: mostly(fc.oneof({ weight: 6, arbitrary: fc.webUrl() }, { weight: 1, arbitrary: fc.constantFrom('not a url', '/relative', '') })),
    label: optText,
    title: optText,
    description: optText,
    type: mostly(fc.oneof(fc.constantFrom('documentation', 'site', 'github_issue'), text)),
    breadcrumbs: mostly(fc.option(fc.array(text, { maxLength: 3 }), { nil: null })),
  },
  { requiredKeys: ['url'] },
);
const userPropertiesInput = fc.option(
  fc.record({ id: mostly(fc.oneof(fc.uuid(), fc.integer())), identificationType: optText, userType: optText, supportAgentEmail: optText, plan: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
  { nil: null },
);

const messageInput = fc.record(
  {
    id,
    role: mostly(fc.oneof({ weight: 6, arbitrary: fc.constantFrom('user', 'assistant') }, { weight: 1, arbitrary: text })),
    content: optText,
    name: optText,
    links: mostly(fc.option(fc.array(link, { maxLength: 3 }), { nil: null })),
    properties,
    userProperties: mostly(userPropertiesInput),
    externalId: optText,
    externalUrl: optText,
    createdAt: mostly(fc.oneof(dateString, fc.date())),
    updatedAt: mostly(fc.oneof(dateString, fc.date())),
  },
  { requiredKeys: ['role'] },
);

const conversationOptions = fc.record(
  {
    id,
    supportTicketConversationId: optText,
    externalId: optText,
    externalUrl: optText,
    tags: mostly(fc.option(fc.array(text, { maxLength: 3 }), { nil: null })),
    properties,
    visibility: mostly(fc.constantFrom('private', 'public', null, 'secret')),
  },
  { requiredKeys: [] },
);

const feedbackInput = fc.record(
  {
    messageId: id,
    type: mostly(fc.constantFrom('positive', 'negative', 'neutral')),
    id,
    reasons: mostly(fc.option(fc.array(fc.record({ label: mostly(text), details: mostly(fc.option(text, { nil: null })) }, { requiredKeys: ['label'] }), { maxLength: 3 }), { nil: null })),
    details: optText,
    properties,
  },
  { requiredKeys: ['messageId', 'type'] },
);

const eventInput = fc.record(
  {
    type: mostly(fc.oneof(fc.constantFrom('user_message_submitted', 'assistant_message_copied'), text)),
    entityType: mostly(fc.oneof({ weight: 4, arbitrary: fc.constantFrom('message', 'conversation') }, { weight: 1, arbitrary: fc.constant('search') })),
    messageId: id,
    conversationId: id,
    id,
    properties,
  },
  { requiredKeys: ['type', 'entityType'] },
);

const config = fc.record({ projectId: mostly(fc.option(text, { nil: undefined })), integrationId: mostly(fc.option(text, { nil: undefined })), user, supportAgent: agent, prefs });

// ------------------------------------------------------------------ the door and the oracle

/** What travels: a JSON round trip, or the reason JSON cannot carry it. */
function wire(body: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(body));
  } catch (e) {
    return { unserializable: String(e) };
  }
}

/** A Date as the door sends it; an invalid Date (which the door refuses) as absent. */
const iso = (v: unknown) => (v instanceof Date ? (Number.isNaN(v.getTime()) ? undefined : v.toISOString()) : v);
const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

type Cfg = { user?: unknown; supportAgent?: unknown; prefs: PrivacyPreferences };

/** The identity as the logger builds it from a validated config (resolveLoggerConfig is the door). */
function identity(cfg: Cfg) {
  const resolved = resolveLoggerConfig(clean({ apiKey: 'k', user: cfg.user, supportAgent: cfg.supportAgent, privacyPreferences: cfg.prefs }), false);
  return userProperties(resolved.user as UserIdentity | undefined, ANON, cfg.prefs, resolved.supportAgent as SupportAgent | undefined);
}

/** The identity the SDK would see without the config's door: the same rules, on unchecked input. */
const candidateIdentity = (cfg: Cfg): unknown => userProperties(cfg.user as UserIdentity | undefined, ANON, cfg.prefs, cfg.supportAgent as SupportAgent | undefined);

interface Outcome {
  /** The body the door produced (undefined when it refused). */
  sent?: unknown;
  refusal?: unknown;
  /** The same input with only the door's normalizations, for the SDK to judge. */
  candidate: unknown;
}

/**
 * Runs the door's stages in order (config at start-up, then the call's own input) and refuses with
 * every field any stage names, as a host fixing one error after another would meet them all.
 */
function stages(...steps: (() => unknown)[]): unknown {
  const issues: DoorIssue[] = [];
  let last: unknown;
  for (const step of steps) {
    try {
      last = step();
    } catch (e) {
      // A later stage may trip over what an earlier stage already refused (it would never run).
      if (!(e instanceof SupportCopilotError && e.code === 'invalid_input')) {
        if (issues.length) continue;
        throw e;
      }
      issues.push(...(e.issues ?? []));
    }
  }
  if (issues.length) throw invalidInput('input', issues);
  return last;
}

function run(door: () => unknown, candidate: unknown): Outcome {
  try {
    return { sent: wire(door()), candidate: wire(candidate) };
  } catch (refusal) {
    return { refusal, candidate: wire(candidate) };
  }
}

const stats: Record<BodyKind | 'message', { accepted: number; refused: number }> = {
  conversation: { accepted: 0, refused: 0 },
  message: { accepted: 0, refused: 0 },
  feedback: { accepted: 0, refused: 0 },
  event: { accepted: 0, refused: 0 },
};

/** The payload field a config field becomes (`user.type` -> `userProperties.userType`). */
const CONFIG_FIELDS: [RegExp, string][] = [
  [/^user\.type$/, 'userProperties.userType'],
  [/^user(\.|$)/, 'userProperties$1'],
  [/^supportAgent\.name$/, 'userProperties.supportAgentName'],
  [/^supportAgent\.email$/, 'userProperties.supportAgentEmail'],
];
const asPayloadPath = (path: string) => CONFIG_FIELDS.reduce((p, [from, to]) => p.replace(from, to), path);

/** Does a door path and an SDK path name the same field (one may be more precise than the other)? */
function related(door: string, theirs: string): boolean {
  const ours = asPayloadPath(door);
  return ours === theirs || ours.startsWith(`${theirs}.`) || theirs.startsWith(`${ours}.`);
}

function judge(label: BodyKind | 'message', kind: BodyKind, { sent, refusal, candidate }: Outcome, prefix = '') {
  if (refusal === undefined) {
    stats[label].accepted++;
    const verdict = validateBody(kind, sent);
    expect(verdict, `the SDK refuses what our door accepted: ${JSON.stringify(sent)}`).toEqual({ ok: true });
    return;
  }
  stats[label].refused++;
  // Refusals are readable: an invalid_input error that names fields, never a TypeError from deep inside.
  expect(refusal, String(refusal)).toBeInstanceOf(SupportCopilotError);
  expect((refusal as SupportCopilotError).code).toBe('invalid_input');
  const ours = (refusal as SupportCopilotError).issues!.map((i) => i.path);
  expect((refusal as SupportCopilotError).message).toMatch(/^Invalid \w+: /);
  if (typeof candidate === 'object' && candidate !== null && 'unserializable' in candidate) return; // JSON cannot carry it at all
  const verdict = validateBody(kind, candidate);
  if (verdict.ok) return; // our door is stricter here (e.g. absolute link URLs, non-empty roles): allowed
  // Our door has no `search` events: refusing the variant covers whatever the SDK says of its fields.
  if (kind === 'event' && ours.includes('entityType')) return;
  // Our door names a field the SDK refuses (doors that stop at a first error may not name them all).
  const theirs = verdict.issues.map((i: Issue) => (i.path.startsWith(prefix) ? i.path.slice(prefix.length) : i.path));
  expect(
    ours.some((p) => theirs.some((t) => related(p, t))),
    `SDK refused ${JSON.stringify(verdict.issues)}, our door named ${JSON.stringify(ours)} for ${JSON.stringify(candidate)}`,
  ).toBe(true);
}

// ------------------------------------------------------------------ the properties

/** The logger's door for its configuration: validated once, at start, before any call. */
const resolvedConfig = (cfg: { projectId?: unknown; integrationId?: unknown }) =>
  resolveLoggerConfig(clean({ apiKey: 'k', projectId: cfg.projectId, integrationId: cfg.integrationId }), false);
const configDoor = (cfg: Cfg & { projectId?: unknown; integrationId?: unknown }) => [() => identity(cfg), () => resolvedConfig(cfg)];

function agree<T>(label: BodyKind | 'message', kind: BodyKind, inputs: fc.Arbitrary<T>, outcomeOf: (input: T) => Outcome, prefix = '') {
  it(`${label} (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(inputs, (input) => judge(label, kind, outcomeOf(input), prefix)),
      { numRuns: RUNS },
    );
  });
}

describe('our door and the official SDK agree', () => {
  agree(
    'message',
    'conversation',
    messageInput,
    (input) => {
      const candidateMessage = {
        ...input,
        id: input.id ?? 'm-new',
        createdAt: iso(input.createdAt) ?? STAMP,
        updatedAt: iso(input.updatedAt) ?? iso(input.createdAt) ?? STAMP,
        // The door copies userProperties key by key (a Date or Map becomes {}), as zod's objects do.
        userProperties: input.userProperties instanceof Object && !Array.isArray(input.userProperties) ? { ...input.userProperties } : input.userProperties,
      };
      // toMessage refuses an invalid Date before anything else; the second stage is the same input without it.
      const validDates = { ...input, createdAt: iso(input.createdAt), updatedAt: iso(input.updatedAt) };
      return run(
        () =>
          stages(
            () => toMessage(input as MessageInput, () => 'm-new', NOW),
            () => payloadOf(appendMessage(undefined, 'c1', {}, toMessage(validDates as MessageInput, () => 'm-new', NOW), NOW)),
          ),
        { id: 'c1', type: 'support_copilot', createdAt: STAMP, updatedAt: STAMP, messages: [candidateMessage] },
      );
    },
    'messages.0.',
  );

  // Fields, identity, agent and config.
  agree('conversation', 'conversation', fc.tuple(conversationOptions, config), ([options, cfg]) => {
    const { id: given, ...fields } = options;
    const message = toMessage({ role: 'user', content: 'hi' }, () => 'm1', NOW);
    const conversationId = typeof given === 'string' ? given : 'c-new';
    return run(
      // The logger's door: the config at start, then the conversation's id and fields.
      () =>
        stages(
          ...configDoor(cfg),
          () => {
            if (given !== undefined && (typeof given !== 'string' || given.length === 0 || given.length > 255)) {
              throw invalidInput('conversation', [{ path: 'id', message: 'expected a non-empty string of at most 255 characters' }]);
            }
          },
          () => parseOrThrow(conversationSchema, { ...fields, type: 'support_copilot', messages: [] }, 'conversation'),
          () => {
            const resolved = resolvedConfig(cfg);
            const convFields = clean({ projectId: resolved.projectId, integrationId: resolved.integrationId, userProperties: candidateIdentity(cfg), ...fields });
            return payloadOf(appendMessage(undefined, conversationId, convFields, message, NOW));
          },
        ),
      {
        ...fields,
        projectId: cfg.projectId,
        integrationId: cfg.integrationId,
        userProperties: candidateIdentity(cfg),
        id: conversationId,
        type: 'support_copilot',
        createdAt: STAMP,
        updatedAt: STAMP,
        messages: [message],
      },
    );
  });

  agree('feedback', 'feedback', fc.tuple(feedbackInput, prefs), ([input, p]) => {
    const docId = typeof input.id === 'string' ? input.id : 'f-new';
    const props = userProperties(undefined, ANON, p);
    const isObject = (r: unknown): r is Record<string, unknown> => typeof r === 'object' && r !== null && !Array.isArray(r);
    const reasons = Array.isArray(input.reasons) ? input.reasons.map((r: unknown) => (isObject(r) ? { ...r, details: r.details ?? '' } : r)) : input.reasons;
    return run(
      () => {
        const body = parseOrThrow(feedbackSchema, { ...input, id: docId, createdAt: STAMP, userProperties: props }, 'feedback');
        return payloadOf(upsertDocument(undefined, 'feedback', docId, body, NOW));
      },
      { ...input, reasons, id: docId, createdAt: STAMP, userProperties: props },
    );
  });

  agree('event', 'event', fc.tuple(eventInput, config), ([input, cfg]) => {
    const docId = typeof input.id === 'string' ? input.id : 'e-new';
    const body = { ...input, id: docId, createdAt: STAMP, projectId: cfg.projectId, integrationId: cfg.integrationId, userProperties: candidateIdentity(cfg) };
    return run(
      () =>
        stages(...configDoor(cfg), () => payloadOf(upsertDocument(undefined, 'event', docId, parseOrThrow(eventSchema, body, 'event'), NOW))),
      body,
    );
  });

  it('generated both outcomes often for every kind', () => {
    for (const [kind, { accepted, refused }] of Object.entries(stats)) {
      expect(accepted + refused, `${kind}: ${accepted} accepted, ${refused} refused`).toBeGreaterThanOrEqual(RUNS);
      expect(accepted, `${kind}: accepted`).toBeGreaterThan(RUNS / 10);
      expect(refused, `${kind}: refused`).toBeGreaterThan(RUNS / 10);
    }
  });
});
