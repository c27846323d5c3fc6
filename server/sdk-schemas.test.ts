/** The collector judges bodies with the official SDK's schemas, and answers in the API's problem shape. */
import { CreateConversation$inboundSchema, InsertEvent$inboundSchema } from '@inkeep/inkeep-analytics/models/components';
import { describe, expect, it } from 'vitest';
import { CONVERSATION_SCHEMAS, EVENT_SCHEMAS, validateBody } from './sdk-schemas.ts';
import { testApp } from './test-server.ts';

const post = (app: ReturnType<typeof testApp>['app'], path: string, body: unknown) =>
  app.request(path, { method: 'POST', headers: { Authorization: 'Bearer good-key', 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('the SDK oracle', () => {
  it('refuses a feedback reason without details with a 400 naming reasons.0.details', async () => {
    const { app } = testApp();
    const res = await post(app, '/feedback', { type: 'negative', messageId: 'm1', reasons: [{ label: 'Inaccurate' }] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as { detail: string; issues: { path: string; message: string }[]; code: string };
    expect(body.code).toBe('bad_request');
    expect(body.detail).toBe('Invalid feedback: reasons.0.details: expected string, received undefined');
    expect(body.issues).toEqual([{ path: 'reasons.0.details', message: 'expected string, received undefined' }]);
    expect((await post(app, '/feedback', { type: 'negative', messageId: 'm1', reasons: [{ label: 'Inaccurate', details: '' }] })).status).toBe(200);
  });

  it('knows exactly the conversation types and event targets of the SDK unions', () => {
    for (const type of Object.keys(CONVERSATION_SCHEMAS)) {
      const body = { type, messages: [{ role: 'user', content: 'hi' }] };
      expect(CreateConversation$inboundSchema.safeParse(body).success, type).toBe(true);
      expect(validateBody('conversation', body), type).toEqual({ ok: true });
    }
    expect(CreateConversation$inboundSchema.safeParse({ type: 'chat', messages: [] }).success).toBe(false);
    const targets = { message: { messageId: 'm' }, conversation: { conversationId: 'c' }, search: { searchQuery: 'q' } };
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual(Object.keys(targets).sort());
    for (const [entityType, target] of Object.entries(targets)) {
      const body = { type: 'x', entityType, ...target };
      expect(InsertEvent$inboundSchema.safeParse(body).success, entityType).toBe(true);
      expect(validateBody('event', body), entityType).toEqual({ ok: true });
    }
  });

  it('accepts the other conversation types the real API accepts, and stores them', async () => {
    const { app } = testApp();
    const openai = {
      id: 'c-openai',
      type: 'openai',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        { role: 'assistant', content: '', tool_calls: [{ id: 't1', type: 'function', function: { name: 'search', arguments: '{}' } }] },
      ],
    };
    const res = await post(app, '/conversations', openai);
    expect(res.status, await res.clone().text()).toBe(200);
    const stored = (await res.json()) as { type: string; messages: Record<string, unknown>[] };
    expect(stored.type).toBe('openai');
    expect(stored.messages[1]).toMatchObject({ role: 'assistant', type: 'openai', conversationId: 'c-openai', toolCalls: [{ id: 't1' }] });
    expect((await post(app, '/conversations', { type: 'support_ticket', messages: [{ role: 'agent', content: 'Hello' }] })).status).toBe(200);
    expect((await post(app, '/events', { type: 'search_performed', entityType: 'search', searchQuery: 'install' })).status).toBe(200);
  });

  it('names the field for dates the API refuses (minutes only, offsets without a colon)', () => {
    for (const createdAt of ['2026-01-01T10:00Z', '2026-01-01T10:00:00+0200', '2026-02-30T00:00:00Z']) {
      expect(validateBody('feedback', { type: 'positive', messageId: 'm', createdAt })).toEqual({ ok: false, issues: [{ path: 'createdAt', message: 'Invalid ISO datetime' }] });
    }
    expect(validateBody('conversation', [])).toEqual({ ok: false, issues: [{ path: '', message: 'expected object, received array' }] });
    expect(validateBody('conversation', { type: 'support_copilot', messages: [{ role: 'user', userProperties: { id: {} } }] })).toEqual({
      ok: false,
      issues: [{ path: 'messages.0.userProperties.id', message: 'expected string or number, received object' }],
    });
  });
});
