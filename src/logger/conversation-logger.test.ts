/**
 * The headless logger end to end in Node: memory outbox (no IndexedDB), a scripted fake fetch, a
 * fake cookie jar, no Web Locks, no BroadcastChannel, no window, a controllable clock.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConversationLogger } from './conversation-logger.ts';
import { conversationSchema } from '../core/schema.ts';
import type { ConversationLogger, LoggerConfig, LoggerEvent } from '../core/public-types.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const KEY = 'web-key';
const COOKIE = 'inkeepUsagePreferences_userId';

type Reply = number | 'network' | 'redirect' | { status: number; retryAfter?: string; body?: string };

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Record<string, any>;
  keepalive: boolean;
  redirect: RequestRedirect | undefined;
}

function fakeDocument() {
  const jar = new Map<string, string>();
  const doc = {
    location: { protocol: 'https:' },
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(value: string) {
      const [pair, ...attrs] = value.split('; ');
      const eq = pair!.indexOf('=');
      if (attrs.includes('Max-Age=0')) jar.delete(pair!.slice(0, eq));
      else jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    },
  };
  return { doc: doc as unknown as Document, jar };
}

const loggers: ConversationLogger[] = [];
afterEach(() => {
  for (const l of loggers.splice(0)) l.destroy();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function setup(o: { replies?: Reply[]; config?: Partial<LoggerConfig>; gate?: () => Promise<void> } = {}) {
  let t = T0;
  const replies = [...(o.replies ?? [])];
  const calls: Call[] = [];
  const errors: SupportCopilotError[] = [];
  const events: LoggerEvent[] = [];
  const { doc, jar } = fakeDocument();
  const session = new Map<string, string>();
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: JSON.parse(String(init?.body)) as Record<string, any>,
      keepalive: !!init?.keepalive,
      redirect: init?.redirect,
    });
    if (o.gate) await o.gate();
    const r = replies.shift() ?? 200;
    if (r === 'network') throw new TypeError('Failed to fetch');
    // What a browser gives for `redirect: 'manual'`: no status, no Location.
    if (r === 'redirect') return { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), text: async () => '' } as unknown as Response;
    const { status, retryAfter, body } = typeof r === 'number' ? { status: r, retryAfter: undefined, body: undefined } : r;
    const headers = new Headers(retryAfter === undefined ? {} : { 'Retry-After': retryAfter });
    return new Response(status === 204 ? null : (body ?? '{}'), { status, headers });
  };
  const logger = createConversationLogger(
    {
      apiKey: KEY,
      analyticsUrl: 'https://collector.test/',
      flushDelayMs: 0,
      onError: (e) => errors.push(e),
      onEvent: (e) => events.push(e),
      ...o.config,
    },
    {
      indexedDB: undefined,
      fetch: fetchImpl as typeof fetch,
      now: () => t,
      clock: () => t,
      random: () => 0.5,
      locks: undefined,
      BroadcastChannel: undefined,
      document: doc,
      sessionStorage: () =>
        ({ getItem: (k: string) => session.get(k) ?? null, setItem: (k: string, v: string) => void session.set(k, v) }) as unknown as Storage,
      window: undefined,
    },
  );
  loggers.push(logger);
  return {
    logger,
    calls,
    errors,
    events,
    jar,
    advance: (ms: number) => void (t += ms),
  };
}

async function flushError(logger: ConversationLogger): Promise<SupportCopilotError> {
  try {
    await logger.flush();
  } catch (e) {
    return e as SupportCopilotError;
  }
  throw new Error('expected flush() to reject');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createConversationLogger in Node', () => {
  it('runs in memory when IndexedDB is unavailable, and says so', async () => {
    const { logger, errors, events } = setup();
    await logger.ready();
    expect(logger.stats()).toEqual({ pending: 0, inFlight: 0, delivered: 0, rejected: 0, blocked: 0, settling: 0, storage: 'memory', locks: 'tab-only' });
    expect(errors.map((e) => e.code)).toEqual(['storage_unavailable']);
    expect(events).toContainEqual({ type: 'storage', storage: 'memory' });
  });

  it('append then flush POSTs /conversations with the bearer key and all messages, every time', async () => {
    const { logger, calls, jar } = setup();
    const conv = logger.conversation({ supportTicketConversationId: 'T-1' });
    const m1 = await conv.append({ role: 'user', content: 'hi' });
    expect(logger.stats().pending).toBe(1);
    await logger.flush();
    expect(calls).toHaveLength(1);
    const first = calls[0]!;
    expect(first.url).toBe('https://collector.test/conversations');
    expect(first.method).toBe('POST');
    expect(first.headers).toMatchObject({ Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', Accept: 'application/json' });
    expect(first.body).toMatchObject({ id: conv.id, type: 'support_copilot', supportTicketConversationId: 'T-1' });
    expect(first.body.messages).toEqual([m1]);
    expect(conversationSchema.safeParse(first.body).success).toBe(true);
    // The anonymous visitor is COOKIED, with the id kept in our first-party cookie.
    const anon = logger.identity().id;
    expect(jar.get(COOKIE)).toBe(anon);
    expect(first.body.userProperties).toEqual({ id: anon, identificationType: 'COOKIED' });
    expect(m1.userProperties).toEqual({ id: anon, identificationType: 'COOKIED' });
    expect(logger.stats()).toMatchObject({ pending: 0, delivered: 1 });

    const m2 = await conv.append({ role: 'assistant', content: 'hello!' });
    await logger.flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.id).toBe(conv.id);
    expect(calls[1]!.body.messages).toEqual([m1, m2]);
    expect(await conv.messages()).toEqual([m1, m2]);
  });

  it('an invalid message is refused with a SupportCopilotError naming the field, and nothing is stored or sent', async () => {
    const { logger, calls } = setup();
    const conv = logger.conversation();
    const err = await conv.append({ role: 'user', content: 5 as unknown as string }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SupportCopilotError);
    expect((err as Error).message).toContain('content');
    await expect(conv.append({ role: '' })).rejects.toThrow(/role/);
    await logger.flush();
    expect(calls).toHaveLength(0);
    expect(await conv.messages()).toEqual([]);
    expect(logger.stats().pending).toBe(0);
  });

  it('500 then 200: the first flush rejects with delivery_failed, the retry delivers the same body', async () => {
    const { logger, calls, events } = setup({ replies: [500, 200] });
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'hi' });
    const err = await flushError(logger);
    expect(err.code).toBe('delivery_failed');
    expect(err.message).toContain('HTTP 500');
    expect(events).toContainEqual(expect.objectContaining({ type: 'retry', status: 500, key: `conversation:${conv.id}` }));
    expect(logger.stats()).toMatchObject({ pending: 1, delivered: 0 });
    await logger.flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toEqual(calls[0]!.body);
    expect(logger.stats()).toMatchObject({ pending: 0, delivered: 1 });
    expect(events).toContainEqual(expect.objectContaining({ type: 'delivered', key: `conversation:${conv.id}` }));
  });

  it('a network error is retried like a 5xx', async () => {
    const { logger, calls } = setup({ replies: ['network'] });
    await logger.conversation().append({ role: 'user', content: 'x' });
    expect((await flushError(logger)).code).toBe('delivery_failed');
    await logger.flush();
    expect(calls).toHaveLength(2);
    expect(logger.stats().delivered).toBe(1);
  });

  it('429 with Retry-After pauses the whole outbox until then', async () => {
    const { logger, calls, events, advance } = setup({ replies: [{ status: 429, retryAfter: '30' }] });
    const a = logger.conversation();
    await a.append({ role: 'user', content: 'a' });
    expect((await flushError(logger)).code).toBe('delivery_failed');
    const retry = events.find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ status: 429 });
    expect((retry as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(30_000);

    // During the pause nothing is sent, not even another conversation.
    const b = logger.conversation();
    await b.append({ role: 'user', content: 'b' });
    advance(29_000);
    const paused = await flushError(logger);
    expect(paused.code).toBe('delivery_failed');
    expect(paused.message).toContain('paused');
    expect(calls).toHaveLength(1);

    advance(1_001);
    await logger.flush();
    expect(calls).toHaveLength(3);
    expect(calls.slice(1).map((c) => c.body.id).sort()).toEqual([a.id, b.id].sort());
    expect(logger.stats()).toMatchObject({ pending: 0, delivered: 2 });
  });

  it('401 blocks delivery and reports unauthorized until the apiKey is fixed', async () => {
    const { logger, calls, errors } = setup({ replies: [401] });
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'one' });
    const err = await flushError(logger);
    expect(err.code).toBe('unauthorized');
    expect(errors.filter((e) => e.code === 'unauthorized')).toEqual([expect.objectContaining({ status: 401 })]);
    expect(logger.stats()).toMatchObject({ blocked: 1, pending: 0 });

    await conv.append({ role: 'user', content: 'two' });
    await logger.flush().catch(() => {});
    await sleep(10);
    expect(calls).toHaveLength(1);

    logger.update({ apiKey: 'fixed-key' });
    await logger.flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.headers.Authorization).toBe('Bearer fixed-key');
    expect(calls[1]!.body.messages.map((m: { content: string }) => m.content)).toEqual(['one', 'two']);
    expect(logger.stats()).toMatchObject({ blocked: 0, delivered: 1 });
  });

  // BUG (conversation-logger.ts:296-305 with flusher.ts:88): a blocked document is skipped by
  // needsSend, so a later flush() sees no results and resolves, although the ConversationLogger
  // contract says flush "rejects with why when something is not [delivered]".
  it('flush() keeps rejecting while undelivered data is blocked', async () => {
    const { logger } = setup({ replies: [401] });
    await logger.conversation().append({ role: 'user', content: 'one' });
    expect((await flushError(logger)).code).toBe('unauthorized');
    expect((await flushError(logger)).code).toBe('unauthorized');
  });

  it('422 rejects the conversation: reported, kept, and not retried by later flushes', async () => {
    const { logger, calls, errors } = setup({ replies: [{ status: 422, body: JSON.stringify({ title: 'Unprocessable', detail: 'messages.0 is bad' }) }] });
    const conv = logger.conversation();
    const m = await conv.append({ role: 'user', content: 'hi' });
    const err = await flushError(logger);
    expect(err.code).toBe('rejected');
    expect(err.message).toContain('messages.0 is bad');
    expect(errors.filter((e) => e.code === 'rejected')).toEqual([expect.objectContaining({ status: 422, key: `conversation:${conv.id}` })]);
    expect(await conv.messages()).toEqual([m]);
    expect(logger.stats()).toMatchObject({ rejected: 1, pending: 0 });

    await logger.flush().catch(() => {});
    await sleep(10);
    expect(calls).toHaveLength(1);

    // New content gives it one more try.
    await conv.append({ role: 'user', content: 'again' });
    await logger.flush();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.messages).toHaveLength(2);
  });

  it('identify() switches userProperties to ID_PROVIDED with the host id', async () => {
    const { logger, calls } = setup();
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'before' });
    logger.identify({ id: 'u_42', email: 'u42@example.com', name: 'Ursula' });
    expect(logger.identity()).toMatchObject({ id: 'u_42', identificationType: 'ID_PROVIDED' });
    const after = await conv.append({ role: 'user', content: 'after' });
    await logger.flush();
    const body = calls.at(-1)!.body;
    expect(body.userProperties).toEqual({ id: 'u_42', userId: 'u_42', email: 'u42@example.com', name: 'Ursula', identificationType: 'ID_PROVIDED' });
    expect(after.userProperties).toMatchObject({ id: 'u_42', identificationType: 'ID_PROVIDED' });
    expect(body.messages[0].userProperties.identificationType).toBe('COOKIED');
    logger.identify(null);
    expect(logger.identity().identificationType).toBe('COOKIED');
  });

  it('setConsent({ optOutAllAnalytics }) stores and sends nothing, and removes our cookie', async () => {
    const { logger, calls, jar } = setup();
    await logger.ready();
    expect(jar.has(COOKIE)).toBe(true);
    logger.setConsent({ optOutAllAnalytics: true });
    expect(jar.has(COOKIE)).toBe(false);
    const conv = logger.conversation();
    const m = await conv.append({ role: 'user', content: 'secret' });
    expect(m.content).toBe('secret');
    await logger.flush();
    await sleep(10);
    expect(calls).toHaveLength(0);
    expect(await conv.messages()).toEqual([]);
    expect(logger.stats().pending).toBe(0);
  });

  it('refuses bad conversation fields at the door, naming the field, and stores nothing', async () => {
    const { logger, calls } = setup();
    expect(() => logger.conversation({ tags: 'vip' as unknown as string[] })).toThrow(/tags/);
    const conv = logger.conversation();
    expect(() => conv.set({ visibility: 'internal' as 'public' })).toThrow(/visibility/);
    await conv.append({ role: 'user', content: 'still fine' });
    await logger.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ messages: [{ content: 'still fine' }] });
    expect(calls[0]!.body.visibility).toBeUndefined();
  });

  it('feedback POSTs to /feedback and events to /events', async () => {
    const { logger, calls } = setup();
    await logger.feedback({ messageId: 'msg-1', type: 'negative', reasons: [{ label: 'inaccurate' }], details: 'wrong' });
    await logger.event({ type: 'conversation_shared', entityType: 'conversation', conversationId: 'conv-1' });
    await logger.event({ type: 'message_code_snippet_copied', entityType: 'message', messageId: 'msg-1' });
    await logger.flush();
    const byPath = (p: string) => calls.filter((c) => c.url === `https://collector.test${p}`);
    expect(byPath('/feedback')).toHaveLength(1);
    expect(byPath('/feedback')[0]!.body).toMatchObject({ type: 'negative', messageId: 'msg-1', details: 'wrong', reasons: [{ label: 'inaccurate' }] });
    expect(typeof byPath('/feedback')[0]!.body.id).toBe('string');
    expect(byPath('/events').map((c) => c.body.entityType).sort()).toEqual(['conversation', 'message']);
    expect(byPath('/events').find((c) => c.body.entityType === 'conversation')!.body.conversationId).toBe('conv-1');
    expect(byPath('/conversations')).toHaveLength(0);
    for (const c of calls) expect(c.headers.Authorization).toBe(`Bearer ${KEY}`);
    // Delivered feedback and events are not kept.
    expect(logger.stats()).toMatchObject({ pending: 0, delivered: 0 });
  });

  it('invalid feedback and events are refused at the door', async () => {
    const { logger, calls } = setup();
    await expect(logger.feedback({ messageId: '', type: 'positive' })).rejects.toThrow(/messageId/);
    await expect(logger.feedback({ messageId: 'm', type: 'meh' as 'positive' })).rejects.toThrow(/type/);
    await expect(logger.event({ type: 'x', entityType: 'message' } as never)).rejects.toThrow(/messageId/);
    await logger.flush();
    expect(calls).toHaveLength(0);
  });

  it('a host callback that throws does not break delivery (the error is surfaced asynchronously)', async () => {
    const surfaced: unknown[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      realSetTimeout(() => {
        try {
          fn(...args);
        } catch (e) {
          surfaced.push(e);
        }
      }, ms)) as typeof setTimeout);
    const boom = new Error('host bug');
    const { logger, calls } = setup({ config: { onEvent: () => { throw boom; } } });
    const listener = vi.fn(() => {
      throw boom;
    });
    logger.on(listener);
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'hi' });
    await logger.flush();
    expect(calls).toHaveLength(1);
    expect(logger.stats().delivered).toBe(1);
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ type: 'delivered' }));
    await sleep(5);
    expect(surfaced.length).toBeGreaterThan(0);
    expect(surfaced.every((e) => e === boom)).toBe(true);
  });

  it('destroy() stops: no more requests, and appends are refused', async () => {
    const { logger, calls } = setup();
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'hi' });
    logger.destroy();
    await logger.flush();
    await sleep(20);
    expect(calls).toHaveLength(0);
    await expect(conv.append({ role: 'user', content: 'more' })).rejects.toThrow(/destroyed/);
  });

  it('the debounced append trigger delivers without an explicit flush', async () => {
    const { logger, calls } = setup();
    await logger.conversation().append({ role: 'user', content: 'first' });
    await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 1_000, interval: 5 });
    expect(logger.stats()).toMatchObject({ pending: 0, delivered: 1 });
  });

  // BUG (src/transport/tab-sync.ts:53-55): without Web Locks the per-name promise chain stores
  // `run.catch(...)` in `local` but the cleanup compares `local.get(full) === run`, which is never
  // true, so the entry is never removed. After a document's first send every non-waiting
  // withLock() returns BUSY (and whenFree() is a no-op without locks): debounced appends, the
  // retry timer, `online`/visible triggers never send that document again; only flush() does.
  it('without Web Locks, a second append is also delivered by the debounce (no flush)', async () => {
    const { logger, calls } = setup();
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'first' });
    await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 1_000, interval: 5 });
    await conv.append({ role: 'assistant', content: 'second' });
    await vi.waitFor(() => expect(calls).toHaveLength(2), { timeout: 500, interval: 5 });
    expect(calls[1]!.body.messages).toHaveLength(2);
  });

  // BUG (src/transport/flusher.ts:114): sendOne returns 'busy' when this tab already has the
  // document in flight, before taking the lock, even for flush() which asks to wait
  // ({ wait: true }); flush() then rejects with delivery_failed although the in-flight request
  // delivers the data a moment later.
  it('flush() during a debounced send waits for it instead of rejecting', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { logger, calls } = setup({ gate: () => gate });
    await logger.conversation().append({ role: 'user', content: 'hi' });
    await vi.waitFor(() => expect(calls).toHaveLength(1), { timeout: 1_000, interval: 5 });
    const flushed = logger.flush();
    release();
    await expect(flushed).resolves.toBeUndefined();
  });

  // BUG (src/storage/idb-store.ts:29 with conversation-logger.ts:110): the logger passes
  // `deps.indexedDB` when the key is present, meaning an explicit `indexedDB: undefined` asks for
  // memory, but openIdbStore's default parameter `idb = globalThis.indexedDB` replaces undefined,
  // so the global IndexedDB is opened anyway (in a browser: always).
  it('an explicit indexedDB: undefined never touches the global IndexedDB', async () => {
    const opened: string[] = [];
    vi.stubGlobal('indexedDB', {
      open(name: string) {
        opened.push(name);
        return {} as IDBOpenDBRequest; // never fires: hangs like a blocked open
      },
    });
    const { logger } = setup({ config: { storageTimeoutMs: 20 } });
    await logger.ready();
    expect(logger.stats().storage).toBe('memory');
    expect(opened).toEqual([]);
  });

  it('creating a logger touches no storage and calls back nothing in the caller’s task (storage blocked: getters throw)', async () => {
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    for (const name of ['indexedDB', 'localStorage', 'sessionStorage'] as const) vi.stubGlobal(name, undefined);
    Object.defineProperty(globalThis, 'indexedDB', { configurable: true, get: blocked });
    const calledBack: string[] = [];
    let creating = true;
    const logger = createConversationLogger({
      apiKey: KEY,
      analyticsUrl: 'https://collector.test',
      onError: (e) => calledBack.push(`${creating ? 'during creation: ' : ''}${e.code}`),
      onEvent: (e) => calledBack.push(`${creating ? 'during creation: ' : ''}${e.type}`),
    }, { fetch: (async () => new Response('{}')) as typeof fetch, locks: undefined, BroadcastChannel: undefined, window: undefined, document: { get cookie(): string { return blocked(); }, set cookie(_v: string) { blocked(); } } as unknown as Document, sessionStorage: blocked });
    creating = false;
    loggers.push(logger);
    expect(calledBack).toEqual([]);
    await logger.ready();
    expect(calledBack).toEqual(['storage_unavailable', 'storage']);
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'still works' });
    await logger.flush();
    expect(logger.stats()).toMatchObject({ storage: 'memory', delivered: 1, pending: 0 });
    Reflect.deleteProperty(globalThis, 'indexedDB');
  });

  it('dates it stamps never go back when the clock does; a host’s own dates are kept', async () => {
    const { logger, calls, advance } = setup();
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'before the jump' });
    advance(-3_600_000);
    await conv.append({ role: 'assistant', content: 'after the jump' });
    await conv.append({ role: 'user', content: 'imported', createdAt: new Date(T0 - 7_200_000) });
    await logger.flush();
    const dates = calls.at(-1)!.body.messages.map((m: { createdAt: string }) => m.createdAt);
    expect(dates).toEqual([new Date(T0).toISOString(), new Date(T0).toISOString(), new Date(T0 - 7_200_000).toISOString()]);
  });

  it('a redirect is not delivery: never followed, reported as a configuration error naming the URL, the data kept', async () => {
    const { logger, calls, errors } = setup({ replies: ['redirect'] });
    const conv = logger.conversation();
    await conv.append({ role: 'user', content: 'not lost' });
    const err = await flushError(logger);
    expect(err.code).toBe('unauthorized');
    expect(err.message).toContain('https://collector.test/conversations answered with a redirect');
    expect(errors.map((e) => e.code)).toEqual(['storage_unavailable', 'unauthorized']);
    expect(logger.stats()).toMatchObject({ blocked: 1, delivered: 0 });
    // Fixed configuration: delivered, whole.
    logger.update({ analyticsUrl: 'https://collector.test' });
    await logger.flush();
    expect(calls.map((c) => [c.url, c.redirect])).toEqual([
      ['https://collector.test/conversations', 'manual'],
      ['https://collector.test/conversations', 'manual'],
    ]);
    expect(calls[1]!.body.messages.map((m: { content: string }) => m.content)).toEqual(['not lost']);
    expect(logger.stats()).toMatchObject({ blocked: 0, delivered: 1 });
  });
});

describe('prototype safety and validated fields (issue 16 item 5)', () => {
  it("sends the conversation fields as parsed (known fields only), never the host's object", async () => {
    const { logger, calls } = setup();
    const conv = logger.conversation({ supportTicketConversationId: 'T-1', stray: 'not a field' } as never);
    conv.set({ externalUrl: 'https://desk.example/T-1', other: 1 } as never);
    await conv.append({ role: 'user', content: 'hi' });
    await conv.update({ tags: ['vip'], junk: true } as never);
    await logger.flush();
    const body = calls.at(-1)!.body;
    expect(body).toMatchObject({ supportTicketConversationId: 'T-1', externalUrl: 'https://desk.example/T-1', tags: ['vip'] });
    expect(Object.keys(body)).not.toEqual(expect.arrayContaining(['stray']));
    expect(['stray', 'other', 'junk'].filter((k) => k in body)).toEqual([]);
  });

  it('with keys and toJSON on the shared prototypes: the same body as on a clean page', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    const arrays = Array.prototype as unknown as Record<string, unknown>;
    const keys = ['id', 'role', 'content', 'properties', 'messages', 'userProperties', 'headers', 'signal', 'user', 'projectId'];
    const { logger, calls } = setup();
    try {
      for (const k of keys) proto[k] = `polluted-${k}`;
      arrays.toJSON = () => 'Array#toJSON';
      const conv = logger.conversation();
      const m = await conv.append({ role: 'user', content: 'hi' });
      await logger.feedback({ type: 'positive', messageId: m.id! });
      await logger.flush();
    } finally {
      for (const k of keys) delete proto[k];
      delete arrays.toJSON;
    }
    const conversation = calls.find((c) => c.url.endsWith('/conversations'))!.body;
    expect(conversation.id).not.toMatch(/polluted/);
    expect(Array.isArray(conversation.messages)).toBe(true);
    expect(conversation.messages[0]).toMatchObject({ role: 'user', content: 'hi' });
    expect(conversation.messages[0].properties).toBeUndefined();
    expect(conversation.projectId).toBeUndefined();
    expect(conversationSchema.safeParse(conversation).success).toBe(true);
    expect(calls.some((c) => c.url.endsWith('/feedback'))).toBe(true);
  });
});
