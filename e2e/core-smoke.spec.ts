import { test, expect } from './fixtures.ts';

test('append then flush delivers the conversation with all messages', async ({ blank, apiKey, collector, baseURL }) => {
  const id = await blank.evaluate(async ({ apiKey, baseURL }) => {
    const { createConversationLogger }: typeof import('../src/headless.ts') = await import(`${'/__test/core.js'}`);
    const logger = createConversationLogger({ apiKey, analyticsUrl: baseURL });
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'hello' });
    await conv.append({ role: 'assistant', content: 'hi there' });
    await logger.flush();
    return conv.id;
  }, { apiKey, baseURL });
  const stored = await collector.conversation(id);
  expect(stored?.messages.map((m) => m.content)).toEqual(['hello', 'hi there']);
});
