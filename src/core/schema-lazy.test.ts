import { describe, expect, it, vi } from 'vitest';

// Counts zod schema construction: building every schema when the script was evaluated was a long task on a slow phone.
const built = vi.hoisted(() => ({ objects: 0 }));
vi.mock('zod/mini', async (importOriginal) => {
  const z = await importOriginal<typeof import('zod/mini')>();
  return { ...z, object: (...a: Parameters<typeof z.object>) => (built.objects++, z.object(...a)) };
});

describe('the API schemas', () => {
  it('are built on first use, once', async () => {
    const { messageSchema, eventSchema } = await import('./schema.ts');
    await import('./config.ts');
    await import('./record-schema.ts');
    expect(built.objects).toBe(0);
    expect(messageSchema.safeParse({ role: 'user' }).success).toBe(true);
    const afterFirst = built.objects;
    expect(afterFirst).toBeGreaterThan(0);
    expect(eventSchema.safeParse({ type: 'x', entityType: 'message', messageId: 'm' }).success).toBe(true);
    expect(built.objects).toBe(afterFirst);
  });

  it('are built by prepareSchemas() (a step of its own in the widget start), and not again by the first parse', async () => {
    vi.resetModules();
    built.objects = 0;
    const { prepareSchemas, conversationSchema } = await import('./schema.ts');
    expect(built.objects).toBe(0);
    prepareSchemas();
    const prepared = built.objects;
    expect(prepared).toBeGreaterThan(0);
    expect(conversationSchema.safeParse({ type: 'support_copilot', messages: [] }).success).toBe(true);
    prepareSchemas();
    expect(built.objects).toBe(prepared);
  });
});
