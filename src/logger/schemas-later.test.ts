/**
 * The headless logger as the script tag's core chunk has it (core/schema.ts `SCHEMAS_LATER`): the
 * API's schemas arrive later (the work chunk), or not at all. Nothing is checked without them,
 * nothing is stored unchecked, writes made while they load keep their order and are stored once
 * they arrive, and a load that fails rejects those writes (and the next write tries again).
 * core/schema-build.ts is replaced here by a stand-in whose load the test resolves by hand.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const work = vi.hoisted(() => ({ later: true, loads: 0, fail: false, release: (): void => {}, loading: undefined as Promise<void> | undefined }));
vi.mock('../core/schema-build.ts', async (actual) => {
  const real = await actual<typeof import('../core/schema-build.ts')>();
  return {
    buildSchemas: () => {
      if (work.later) throw new Error('checked before the schemas came');
      return real.buildSchemas();
    },
    get SCHEMAS_LATER() {
      return work.later;
    },
    // One load at a time, as the chunk loader does (entries/load-script-chunk.ts); a failed one can be tried again.
    whenBuildable: () =>
      (work.loading ??= new Promise<void>((resolve, reject) => {
        work.loads++;
        work.release = () => {
          work.loading = undefined;
          if (work.fail) return reject(new Error('support-copilot-work.js did not load'));
          work.later = false;
          resolve();
        };
      })),
  };
});

import { createConversationLogger } from './conversation-logger.ts';
import type { ConversationLogger } from '../core/public-types.ts';

const loggers: ConversationLogger[] = [];
afterEach(() => {
  for (const l of loggers.splice(0)) l.destroy();
  Object.assign(work, { later: true, loads: 0, fail: false, loading: undefined });
});

function setup() {
  const bodies: Record<string, any>[] = [];
  const fetchImpl = async (_: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response('{}', { status: 200 });
  };
  const logger = createConversationLogger(
    { apiKey: 'web-key', analyticsUrl: 'https://collector.test/', flushDelayMs: 0 },
    { indexedDB: undefined, fetch: fetchImpl as typeof fetch, locks: undefined, BroadcastChannel: undefined, window: undefined, document: undefined, sessionStorage: () => undefined },
  );
  loggers.push(logger);
  return { logger, bodies };
}
const tick = () => new Promise((r) => setTimeout(r));

describe('the API schemas come later (the script tag)', () => {
  it('a logger that stores nothing never asks for them', async () => {
    const { logger } = setup();
    await logger.ready();
    logger.conversation({ tags: ['kept'] });
    await tick();
    expect(work.loads).toBe(0);
  });

  it('appends made while they load wait, keep their order, and are stored and delivered with the fields checked', async () => {
    const { logger, bodies } = setup();
    await logger.ready();
    const conv = logger.conversation({ tags: ['a'] });
    const first = conv.append({ role: 'user', content: 'one' });
    const second = conv.append({ role: 'assistant', content: 'two' });
    await tick();
    expect(work.loads).toBe(1);
    expect(logger.stats().pending).toBe(0);
    work.release();
    await Promise.all([first, second]);
    expect((await conv.messages()).map((m) => m.content)).toEqual(['one', 'two']);
    await logger.flush();
    expect(bodies.at(-1)).toMatchObject({ tags: ['a'], messages: [{ content: 'one' }, { content: 'two' }] });
  });

  it('fields that fail their check, given before the schemas came, reject the next write and are not sent; the last good ones are', async () => {
    const { logger, bodies } = setup();
    await logger.ready();
    const conv = logger.conversation({ tags: ['good'] });
    const loading = conv.append({ role: 'user', content: 'first' });
    work.release();
    await loading;
    // Loaded now: a bad field throws at once, as in npm builds.
    expect(() => conv.set({ tags: 'not an array' as never })).toThrow(/tags/);
    await conv.append({ role: 'user', content: 'second' });
    await logger.flush();
    expect(bodies.at(-1)).toMatchObject({ tags: ['good'] });
  });

  it('a bad field given while they load rejects that write with invalid_input', async () => {
    const { logger } = setup();
    await logger.ready();
    const conv = logger.conversation({ tags: 'not an array' as never });
    const write = conv.append({ role: 'user', content: 'hello' });
    work.release();
    await expect(write).rejects.toMatchObject({ code: 'invalid_input' });
    // The next write goes with the last good fields (none).
    await expect(conv.append({ role: 'user', content: 'again' })).resolves.toMatchObject({ content: 'again' });
  });

  it('a load that fails rejects the waiting write, stores nothing unchecked, and the next write tries again', async () => {
    const { logger } = setup();
    await logger.ready();
    const conv = logger.conversation();
    work.fail = true;
    const write = conv.append({ role: 'user', content: 'hello' });
    await tick();
    work.release();
    await expect(write).rejects.toThrow(/did not load/);
    expect(logger.stats().pending).toBe(0);
    work.fail = false;
    const again = conv.append({ role: 'user', content: 'hello again' });
    await tick();
    expect(work.loads).toBe(2);
    work.release();
    await expect(again).resolves.toMatchObject({ content: 'hello again' });
  });

  it('a message keeps who the visitor was when it was appended, even when identify() runs while they load', async () => {
    const { logger } = setup();
    await logger.ready();
    const conv = logger.conversation();
    const before = logger.identity().userProperties;
    const write = conv.append({ role: 'user', content: 'hi' });
    logger.identify({ id: 'u_42' });
    work.release();
    const message = await write;
    expect(message.userProperties).toEqual(before);
    expect(message.userProperties?.identificationType).not.toBe('ID_PROVIDED');
  });

  it('feedback and events wait for them too', async () => {
    const { logger } = setup();
    await logger.ready();
    const done = logger.event({ type: 'chat_opened', entityType: 'conversation', conversationId: 'c1' });
    await tick();
    expect(logger.stats().pending).toBe(0);
    work.release();
    await done;
    expect(logger.stats().pending).toBe(1);
  });
});
