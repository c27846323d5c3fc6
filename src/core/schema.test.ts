import { describe, expect, it } from 'vitest';
import { conversationSchema, eventSchema, feedbackSchema, linkSchema, MAX_DATA_DEPTH, messageSchema, userPropertiesSchema } from './schema.ts';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, v: unknown) => schema.safeParse(v).success;
const minimal = { type: 'support_copilot', messages: [{ role: 'user' }] };
const withConv = (extra: Record<string, unknown>) => ({ ...minimal, ...extra });
const withMsg = (extra: Record<string, unknown>) => ({ ...minimal, messages: [{ role: 'user', ...extra }] });

describe('conversationSchema (CreateSupportCopilotConversation)', () => {
  it('accepts the seed example payload unchanged', () => {
    const seed = {
      type: 'support_copilot',
      userProperties: { identificationType: 'COOKIED' },
      messages: [{ role: '<value>', userProperties: { identificationType: 'COOKIED' } }],
    };
    const r = conversationSchema.safeParse(seed);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(seed);
  });

  it('accepts every documented field with valid values and keeps them all', () => {
    const full = {
      id: 'conv-1',
      externalId: 'ext-1',
      externalUrl: 'https://tickets.example.com/T-1',
      type: 'support_copilot',
      supportTicketConversationId: 'T-1',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:05:00.123+02:00',
      projectId: 'proj',
      integrationId: 'integ',
      properties: { plan: 'pro', nested: { a: [1, 2] } },
      userProperties: {
        id: 42,
        identificationType: 'ID_PROVIDED',
        userId: 'u-1',
        supportAgentName: 'Ann',
        supportAgentEmail: 'ann@example.com',
        userType: 'customer',
      },
      tags: ['billing', 'urgent'],
      visibility: 'public',
      messages: [
        {
          id: 'm-1',
          externalId: 'ext-m-1',
          externalUrl: 'https://example.com/m/1',
          createdAt: '2026-01-01T00:00:00Z',
          updatedAt: '2026-01-01T00:00:01Z',
          role: 'assistant',
          content: 'See the docs',
          name: 'Copilot',
          links: [
            {
              url: 'https://docs.example.com/a',
              label: 'A',
              title: 'Doc A',
              description: 'about A',
              breadcrumbs: ['Docs', 'A'],
              type: 'documentation',
            },
            { url: 'https://example.com/x', type: 'some_custom_type' },
          ],
          properties: { score: 0.9 },
          userProperties: { id: 'anon-123', identificationType: 'COOKIED' },
        },
      ],
    };
    const r = conversationSchema.safeParse(full);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(full);
  });

  it('accepts null for every nullable field', () => {
    const nulls = withConv({
      externalId: null,
      externalUrl: null,
      supportTicketConversationId: null,
      projectId: null,
      integrationId: null,
      properties: null,
      userProperties: null,
      tags: null,
      visibility: null,
      messages: [{ role: 'user', externalId: null, externalUrl: null, content: null, name: null, links: null, properties: null, userProperties: null }],
    });
    expect(ok(conversationSchema, nulls)).toBe(true);
  });

  it('dates must be ISO 8601 with a timezone', () => {
    for (const d of ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00+02:00', '2026-01-01T00:00:00.5-05:30', '2024-02-29T23:59:59Z']) {
      expect(ok(conversationSchema, withConv({ createdAt: d })), d).toBe(true);
      expect(ok(conversationSchema, withMsg({ updatedAt: d })), d).toBe(true);
    }
    // Seconds, an upper-case T and Z, and a `+hh:mm` offset: the API's (zod's) date-time.
    for (const d of ['2026-01-01T00:00:00', 'yesterday', '2026-01-01', '', '2026-01-01T00:00Z', '2026-01-01T00:00:00+0200', '2026-01-01t00:00:00z', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00+24:00']) {
      expect(ok(conversationSchema, withConv({ createdAt: d })), d).toBe(false);
      expect(ok(conversationSchema, withConv({ updatedAt: d })), d).toBe(false);
      expect(ok(conversationSchema, withMsg({ createdAt: d })), d).toBe(false);
    }
    // A Date object is not what travels: the caller converts to ISO first.
    expect(ok(conversationSchema, withConv({ createdAt: new Date(0) }))).toBe(false);
  });

  // BUG (src/core/schema.ts:14, isIsoDate): `Date.parse` in V8 rolls impossible days over
  // (2026-02-30 -> 2026-03-02) instead of returning NaN, so the NaN check meant to refuse them
  // lets calendar-invalid dates through (the previous z.iso.datetime refused them).
  it('refuses dates that do not exist on the calendar', () => {
    for (const d of ['2026-02-30T00:00:00Z', '2026-04-31T00:00:00Z', '2025-02-29T00:00:00Z']) {
      expect(ok(conversationSchema, withConv({ createdAt: d })), d).toBe(false);
    }
  });

  it('userProperties keeps unknown keys', () => {
    const up = { identificationType: 'COOKIED', favouriteColour: 'teal', nested: { x: 1 } };
    const r = conversationSchema.safeParse(withConv({ userProperties: up, messages: [{ role: 'user', userProperties: up }] }));
    expect(r.success).toBe(true);
    expect(r.data?.userProperties).toEqual(up);
    expect(r.data?.messages[0]?.userProperties).toEqual(up);
    expect(userPropertiesSchema.safeParse({ custom: 7 }).data).toEqual({ custom: 7 });
  });

  it('userProperties id and userId may be string or number, not other types', () => {
    expect(ok(userPropertiesSchema, { id: 'a', userId: 3 })).toBe(true);
    expect(ok(userPropertiesSchema, { id: true })).toBe(false);
    expect(ok(userPropertiesSchema, { userId: {} })).toBe(false);
    expect(ok(userPropertiesSchema, { identificationType: 5 })).toBe(false);
  });

  it('link url must be a URL; url is required', () => {
    expect(ok(linkSchema, { url: 'https://example.com/docs' })).toBe(true);
    expect(ok(linkSchema, { url: 'not a url' })).toBe(false);
    expect(ok(linkSchema, { url: '/relative/path' })).toBe(false);
    expect(ok(linkSchema, { title: 'no url' })).toBe(false);
    expect(ok(conversationSchema, withMsg({ links: [{ url: 'not a url' }] }))).toBe(false);
    expect(ok(linkSchema, { url: 'https://x.com', breadcrumbs: 'Docs' })).toBe(false);
  });

  it('visibility is private, public or null only', () => {
    for (const v of ['private', 'public', null, undefined]) expect(ok(conversationSchema, withConv({ visibility: v })), String(v)).toBe(true);
    for (const v of ['internal', 'PUBLIC', '', 1]) expect(ok(conversationSchema, withConv({ visibility: v })), String(v)).toBe(false);
  });

  it('type must be support_copilot', () => {
    expect(ok(conversationSchema, withConv({ type: 'support_copilot' }))).toBe(true);
    for (const t of ['openai', 'SUPPORT_COPILOT', '', undefined]) expect(ok(conversationSchema, withConv({ type: t })), String(t)).toBe(false);
  });

  it('messages are required (an empty list is allowed) and each needs a non-empty string role', () => {
    expect(ok(conversationSchema, { type: 'support_copilot' })).toBe(false);
    expect(ok(conversationSchema, { type: 'support_copilot', messages: null })).toBe(false);
    expect(ok(conversationSchema, { type: 'support_copilot', messages: [] })).toBe(true);
    expect(ok(conversationSchema, withMsg({ role: undefined }))).toBe(false);
    expect(ok(conversationSchema, withMsg({ role: '' }))).toBe(false);
    expect(ok(conversationSchema, withMsg({ content: 3 }))).toBe(false);
    expect(ok(messageSchema, { role: 'assistant', content: 'hi' })).toBe(true);
  });

  it('ids are non-empty and at most 255 characters', () => {
    expect(ok(conversationSchema, withConv({ id: 'x'.repeat(255) }))).toBe(true);
    expect(ok(conversationSchema, withConv({ id: 'x'.repeat(256) }))).toBe(false);
    expect(ok(conversationSchema, withConv({ id: '' }))).toBe(false);
    expect(ok(conversationSchema, withMsg({ id: '' }))).toBe(false);
  });

  it('properties and extra user keys must be JSON data, at most MAX_DATA_DEPTH levels deep', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < MAX_DATA_DEPTH; i++) deep = { d: deep };
    expect(ok(conversationSchema, withConv({ properties: { ok: [1, 'a', null, true, { x: undefined }] } }))).toBe(true);
    expect(ok(conversationSchema, withConv({ properties: deep }))).toBe(false);
    expect(ok(conversationSchema, withConv({ properties: (deep.d as Record<string, unknown>) }))).toBe(true);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [{ when: new Date(0) }, { n: 10n }, { f: () => 1 }, { m: new Map() }, cyclic, new Date(0)]) {
      expect(ok(conversationSchema, withConv({ properties: bad })), String(Object.keys(bad))).toBe(false);
      expect(ok(conversationSchema, withMsg({ userProperties: { id: 'u', extra: bad } }))).toBe(false);
    }
  });

  it('tags must be strings; properties must be an object', () => {
    expect(ok(conversationSchema, withConv({ tags: [1] }))).toBe(false);
    expect(ok(conversationSchema, withConv({ properties: 'x' }))).toBe(false);
    expect(ok(conversationSchema, withConv({ properties: [] }))).toBe(false);
  });
});

describe('feedbackSchema', () => {
  const base = { type: 'positive', messageId: 'm-1' };
  it('accepts positive/negative feedback with every field', () => {
    const full = {
      id: 'f-1',
      type: 'negative',
      messageId: 'm-1',
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00+01:00',
      reasons: [{ label: 'inaccurate', details: 'wrong version' }, { label: 'other', details: null }],
      details: 'not helpful',
      properties: { k: 1 },
      userProperties: { id: 'u', extra: true },
      sources: [{ type: 'documentation', title: 'A', url: 'https://x.com' }, { type: 'site' }],
    };
    const r = feedbackSchema.safeParse(full);
    expect(r.success).toBe(true);
    // The API requires details on every reason: a missing one is sent as ''.
    expect(r.data).toEqual({ ...full, reasons: [{ label: 'inaccurate', details: 'wrong version' }, { label: 'other', details: '' }] });
    expect(feedbackSchema.safeParse({ ...base, reasons: [{ label: 'no details' }] }).data?.reasons).toEqual([{ label: 'no details', details: '' }]);
    expect(ok(feedbackSchema, base)).toBe(true);
  });
  it('rejects other types, a missing messageId, a bad date and reasons without label', () => {
    expect(ok(feedbackSchema, { ...base, type: 'neutral' })).toBe(false);
    expect(ok(feedbackSchema, { type: 'positive' })).toBe(false);
    expect(ok(feedbackSchema, { ...base, messageId: '' })).toBe(false);
    expect(ok(feedbackSchema, { ...base, createdAt: '2026-01-01T00:00:00' })).toBe(false);
    expect(ok(feedbackSchema, { ...base, reasons: [{ details: 'x' }] })).toBe(false);
    expect(ok(feedbackSchema, { ...base, sources: [{ title: 'no type' }] })).toBe(false);
  });
});

describe('eventSchema', () => {
  it('accepts both entityType variants with their own id field', () => {
    const msgEvent = {
      id: 'e-1',
      type: 'message_code_snippet_copied',
      entityType: 'message',
      messageId: 'm-1',
      createdAt: '2026-01-01T00:00:00Z',
      projectId: 'p',
      integrationId: 'i',
      properties: { lang: 'ts' },
      userProperties: { id: 'u', foo: 'bar' },
    };
    const r = eventSchema.safeParse(msgEvent);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(msgEvent);
    expect(ok(eventSchema, { type: 'conversation_shared', entityType: 'conversation', conversationId: 'c-1' })).toBe(true);
    expect(ok(eventSchema, { type: 'any_custom_name', entityType: 'message', messageId: 'm' })).toBe(true);
  });
  it('rejects a variant missing its id, a crossed id, an unknown entityType and an empty type', () => {
    expect(ok(eventSchema, { type: 'x', entityType: 'message' })).toBe(false);
    expect(ok(eventSchema, { type: 'x', entityType: 'message', conversationId: 'c' })).toBe(false);
    expect(ok(eventSchema, { type: 'x', entityType: 'conversation', messageId: 'm' })).toBe(false);
    expect(ok(eventSchema, { type: 'x', entityType: 'user', messageId: 'm' })).toBe(false);
    expect(ok(eventSchema, { type: '', entityType: 'message', messageId: 'm' })).toBe(false);
    expect(ok(eventSchema, { entityType: 'message', messageId: 'm' })).toBe(false);
    expect(ok(eventSchema, { type: 'x', entityType: 'message', messageId: 'm', createdAt: 'yesterday' })).toBe(false);
  });
});
