/**
 * The headless logger as the script tag's core chunk has it (entries/start-delivery-script.ts): the
 * delivery engine is in the work chunk, fetched at start only when something is stored, else at the
 * first need. logger/start-delivery.ts is replaced here by that start, with the engine's fetch, the
 * stored-data check and the retry wait in the test's hands; storage is memory (no IndexedDB given).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as StartDelivery from './start-delivery.ts';

const io = vi.hoisted(() => ({
  stored: false as boolean | Promise<boolean>,
  loads: 0,
  failures: 0,
  sleeps: [] as number[],
  /** Retry waits end when this settles (at once when unset). */
  gate: undefined as Promise<void> | undefined,
}));
vi.mock('./start-delivery.ts', async (actual) => {
  const real = await actual<typeof StartDelivery>();
  const { startWhenNeeded } = await import('./start-when-needed.ts');
  return {
    startDelivery: (w: StartDelivery.DeliveryWiring, deps: StartDelivery.DeliveryDeps, opened: (d: StartDelivery.Delivery) => void) =>
      startWhenNeeded(w, deps, opened, {
        stored: async () => io.stored,
        load: async () => {
          io.loads++;
          if (io.failures > 0) {
            io.failures--;
            throw new Error('support-copilot-work.js did not load');
          }
          return real.startDelivery;
        },
        sleep: async (ms) => {
          io.sleeps.push(ms);
          await io.gate;
        },
      }),
  };
});

import { createConversationLogger } from './conversation-logger.ts';
import type { ConversationLogger, SupportCopilotError } from '../core/public-types.ts';

/** A BroadcastChannel stand-in: every channel made, so the test can post as another tab would. */
class FakeChannel {
  static made: FakeChannel[] = [];
  onmessage: ((e: MessageEvent) => void) | null = null;
  closed = false;
  constructor(readonly name: string) {
    FakeChannel.made.push(this);
  }
  postMessage() {}
  close() {
    this.closed = true;
  }
}

const loggers: ConversationLogger[] = [];
afterEach(() => {
  for (const l of loggers.splice(0)) l.destroy();
  Object.assign(io, { stored: false, loads: 0, failures: 0, sleeps: [], gate: undefined });
  FakeChannel.made = [];
});

function setup(win?: EventTarget) {
  const bodies: Record<string, any>[] = [];
  const errors: SupportCopilotError[] = [];
  const fetchImpl = async (_: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response('{}', { status: 200 });
  };
  const logger = createConversationLogger(
    { apiKey: 'web-key', analyticsUrl: 'https://collector.test/', flushDelayMs: 0, onError: (e) => errors.push(e) },
    {
      indexedDB: undefined, fetch: fetchImpl as typeof fetch, locks: undefined, window: win as Window | undefined, document: undefined, sessionStorage: () => undefined,
      BroadcastChannel: FakeChannel as unknown as typeof BroadcastChannel,
    },
  );
  loggers.push(logger);
  return { logger, bodies, errors };
}
const tick = () => new Promise((r) => setTimeout(r));
/** Memory storage says so once, at its start: everything else reported is what the test is about. */
const beyondMemory = (errors: SupportCopilotError[]) => errors.filter((e) => e.code !== 'storage_unavailable');

describe('delivery starts when needed (the script tag)', () => {
  it('with nothing stored, ready() resolves and every read answers without fetching the engine', async () => {
    const { logger, errors } = setup();
    await logger.ready();
    const conv = logger.conversation();
    await expect(conv.messages()).resolves.toEqual([]);
    await expect(logger.conversations()).resolves.toEqual([]);
    await expect(logger.forgetConversation(conv.id)).resolves.toBe(true);
    await expect(logger.flush()).resolves.toBeUndefined();
    logger.setConsent({ optOutAllAnalytics: false });
    logger.update({ apiKey: 'web-key-2' });
    await tick();
    expect(io.loads).toBe(0);
    expect(logger.stats()).toMatchObject({ pending: 0, inFlight: 0 });
    expect(errors).toEqual([]);
  });

  it('the first write fetches the engine once; the message is stored and delivered', async () => {
    const { logger, bodies } = setup();
    await logger.ready();
    const conv = logger.conversation();
    await Promise.all([conv.append({ role: 'user', content: 'one' }), conv.append({ role: 'assistant', content: 'two' })]);
    await logger.flush();
    expect(io.loads).toBe(1);
    expect(bodies.at(-1)).toMatchObject({ id: conv.id, messages: [{ content: 'one' }, { content: 'two' }] });
  });

  it('with something stored, the engine is fetched at start, before ready() resolves', async () => {
    io.stored = true;
    const { logger } = setup();
    await logger.ready();
    expect(io.loads).toBe(1);
    expect(logger.stats().storage).toBe('memory');
  });

  it('a write made while the stored-data check runs starts delivery as soon as it answers', async () => {
    let answer!: (v: boolean) => void;
    io.stored = new Promise<boolean>((r) => (answer = r));
    const { logger, bodies } = setup();
    const conv = logger.conversation();
    const write = conv.append({ role: 'user', content: 'early' });
    await tick();
    expect(io.loads).toBe(0);
    answer(false);
    await write;
    await logger.flush();
    expect(io.loads).toBe(1);
    expect(bodies.at(-1)).toMatchObject({ messages: [{ content: 'early' }] });
  });

  it('another tab of the site writing (a message on its channel) starts delivery here, and the waiting channel is closed', async () => {
    const { logger } = setup();
    await logger.ready();
    const [waiting] = FakeChannel.made;
    expect(waiting?.name).toEqual(expect.any(String));
    waiting!.onmessage?.({ data: { t: 'changed' } } as MessageEvent);
    await vi.waitFor(() => expect(io.loads).toBe(1));
    expect(waiting!.closed).toBe(true);
  });

  it('a fetch that fails is reported once and tried again after a wait; the write waiting for it is stored and delivered', async () => {
    io.failures = 2;
    const { logger, bodies, errors } = setup();
    await logger.ready();
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'kept' });
    await logger.flush();
    expect(io.loads).toBe(3);
    expect(io.sleeps).toHaveLength(2);
    expect(io.sleeps.every((ms) => ms >= 100 && ms <= 10_000)).toBe(true);
    expect(beyondMemory(errors).map((e) => e.code)).toEqual(['panel_unavailable']);
    expect(bodies.at(-1)).toMatchObject({ messages: [{ content: 'kept' }] });
  });

  it('destroy() while it waits: nothing fetched, nothing reported, the channel closed', async () => {
    const { logger, errors } = setup();
    await logger.ready();
    logger.conversation();
    logger.destroy();
    await tick();
    await tick();
    expect(io.loads).toBe(0);
    expect(errors).toEqual([]);
    expect(FakeChannel.made[0]?.closed).toBe(true);
  });

  it('a message on the channel while the stored-data check runs is heard: the start does not wait', async () => {
    let answer!: (v: boolean) => void;
    io.stored = new Promise<boolean>((r) => (answer = r));
    const { logger } = setup();
    await tick();
    FakeChannel.made[0]!.onmessage?.({ data: { t: 'changed' } } as MessageEvent);
    answer(false);
    await vi.waitFor(() => expect(io.loads).toBe(1));
    await logger.ready();
  });

  it('back online or visible again, records another tab left are found and delivery starts', async () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const win = Object.assign(new EventTarget(), { document: doc });
    const { logger } = setup(win);
    await logger.ready();
    win.dispatchEvent(new Event('online'));
    await tick();
    expect(io.loads).toBe(0);
    io.stored = true;
    doc.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(io.loads).toBe(1));
    await expect(logger.conversations()).resolves.toEqual([]);
  });

  it('with records stored and the engine unreachable, ready() settles and reads say why; once it loads, they answer', async () => {
    io.stored = true;
    io.failures = 2;
    let open!: () => void;
    io.gate = new Promise((r) => (open = r));
    const { logger, errors } = setup();
    await logger.ready();
    await expect(logger.conversations()).rejects.toThrow(/did not load/);
    await expect(logger.flush()).rejects.toThrow(/did not load/);
    expect(io.loads).toBe(1);
    open();
    await vi.waitFor(() => expect(io.loads).toBe(3));
    await expect(logger.conversations()).resolves.toEqual([]);
    await expect(logger.flush()).resolves.toBeUndefined();
    expect(beyondMemory(errors).map((e) => e.code)).toEqual(['panel_unavailable']);
  });
});
