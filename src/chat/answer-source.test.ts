import { describe, expect, it } from 'vitest';
import { createAnswerSource } from './answer-source.ts';
import { AnswerError } from './answer-error.ts';
import type { ProtocolLoader } from './protocols/protocol.ts';
import { allTranscripts } from './protocols/transcripts/all.fixture.ts';
import type { AnswerContext, AnswerPart, ChatEndpointConfig } from '../widget-core/widget-types.ts';
import { collect, ctx, enc, load, pieces, streamed } from './answer-source.harness.ts';

describe('every recorded backend transcript becomes the parts it should (docs/backends.md)', async () => {
  const rows = await allTranscripts();

  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_, row) => {
    const { response: r, expect: want } = row;
    // Whole, then in 7-byte pieces (lines, UTF-8 characters and events split anywhere).
    for (const split of [Infinity, 7]) {
      let sent: Record<string, any> | undefined;
      const source = createAnswerSource({ url: 'https://backend.example/chat', protocol: row.protocol }, load, async (_u, init) => {
        sent = JSON.parse(init!.body as string);
        const headers = { 'content-type': r.contentType, ...r.headers };
        return streamed(split == Infinity ? [r.body] : pieces(r.body, split), { status: r.status ?? 200, headers });
      });
      if (want.error?.status) {
        await expect(collect(source(ctx()))).rejects.toMatchObject({ name: 'AnswerError', status: want.error.status });
        continue;
      }
      const got = await collect(source(ctx()));
      expect(got.text, 'text').toBe(want.text);
      expect(got.reasoning, 'reasoning').toBe(want.reasoning ?? '');
      expect(got.sources, 'sources').toEqual(want.sources ?? []);
      expect(got.finishes, 'one finish, last').toEqual([want.finish]);
      expect(got.parts.at(-1)!.type).toBe('finish');
      expect(got.errors.map((e) => e.permanent), 'errors').toEqual(want.error ? [want.error.permanent] : []);
      await row.request?.(sent!);
    }
  });

  it('reads them the same in a page whose Object.prototype carries the keys the readers look for', async () => {
    const KEYS = ['error', 'object', 'message', 'choices', 'delta', 'content', 'reasoning', 'reasoning_content', 'refusal', 'tool_calls', 'finish_reason', 'request', 'read', 'links', 'breadcrumbs', 'errorText', 'code', 'finishReason', 'toolName', 'input'];
    const proto = Object.prototype as Record<string, unknown>;
    // Loaded before: Node's own module loader does not survive such a page.
    const loaded = Object.fromEntries(await Promise.all((['inkeep', 'ai-sdk', 'text'] as const).map(async (n) => [n, await load(n)])));
    for (const row of rows.filter((r) => !r.expect.error?.status)) {
      const config = Object.assign(Object.create(null), { url: 'https://backend.example/chat', protocol: row.protocol });
      const source = createAnswerSource(config, async (n) => loaded[n], async () =>
        streamed([row.response.body], { headers: { 'content-type': row.response.contentType, ...row.response.headers } }),
      );
      let got;
      for (const k of KEYS) proto[k] = { message: 'polluted', 0: 'x' };
      try {
        got = await collect(source(ctx()));
      } finally {
        for (const k of KEYS) delete proto[k];
      }
      expect([got.text, got.finishes, got.sources.length], row.name).toEqual([row.expect.text, [row.expect.finish], row.expect.sources?.length ?? 0]);
    }
  });

  it('has a row for every protocol and every backend the docs name', () => {
    expect(new Set(rows.map((r) => r.protocol))).toEqual(new Set(['openai', 'inkeep', 'ai-sdk', 'text']));
    for (const b of ['OpenAI', 'Azure OpenAI', 'Ollama', 'vLLM', 'LiteLLM', 'LM Studio', 'OpenRouter', 'Groq', 'Mistral', 'Anthropic', 'Gemini', 'Inkeep', 'Vercel AI SDK'])
      expect(rows.some((r) => r.backend.includes(b)), b).toBe(true);
  });
});

describe('the request', () => {
  const capture = async (config: Partial<ChatEndpointConfig>, c = ctx()) => {
    const seen: { url: string; init: RequestInit }[] = [];
    const source = createAnswerSource({ url: 'https://llm.example/v1/chat/completions', ...config }, load, async (url, init) => {
      seen.push({ url: String(url), init: init! });
      return streamed(['data: {"choices":[{"delta":{"content":"ok"}}]}\n\ndata: [DONE]\n\n']);
    });
    await collect(source(c));
    return seen.map((s) => ({ ...s, headers: s.init.headers as Record<string, string>, body: JSON.parse(s.init.body as string) }));
  };

  it('POSTs Chat Completions with the key, the model and the headers, never following a redirect', async () => {
    const [r] = await capture({ apiKey: 'k1', model: 'm1', headers: { 'x-extra': 'y' } });
    expect(r!.url).toBe('https://llm.example/v1/chat/completions');
    expect(r!.init.method).toBe('POST');
    expect(r!.init.redirect).toBe('manual');
    expect(r!.headers).toMatchObject({ authorization: 'Bearer k1', 'x-extra': 'y', 'content-type': 'application/json' });
    expect(r!.body).toEqual({ model: 'm1', messages: [{ role: 'user', content: 'How do I install it?' }], stream: true });
    expect((await capture({}))[0]!.headers).not.toHaveProperty('authorization');
  });

  it('merges chat.body (an object, or a function of the answer context) over the protocol\'s fields', async () => {
    expect((await capture({ body: { temperature: 0.2, metadata: { site: 'docs' } } }))[0]!.body).toMatchObject({ temperature: 0.2, metadata: { site: 'docs' }, stream: true });
    const contexts: AnswerContext[] = [];
    const [r] = await capture({ body: (c) => (contexts.push(c), { metadata: { conversationId: c.conversationId }, stream: false }) });
    expect(r!.body).toMatchObject({ metadata: { conversationId: 'c1' }, stream: false });
    expect(contexts[0]!.messages).toEqual([{ role: 'user', content: 'How do I install it?' }]);
  });

  it('calls chat.headers for every request, awaiting it (a short-lived token)', async () => {
    let n = 0;
    const headers = async () => ({ authorization: `Bearer token-${++n}` });
    const first = await capture({ headers });
    const second = await capture({ headers });
    expect([first[0]!.headers.authorization, second[0]!.headers.authorization]).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('refuses what chat.body or chat.headers give that is not an object (of valid header names and strings): a plain Error, not retried', async () => {
    for (const config of [{ body: () => [1] }, { body: () => 'x' }, { headers: () => ({ a: 1 }) }, { headers: () => ({ 'bad name': 'x' }) }, { body: () => ({ n: 1n }) }] as Partial<ChatEndpointConfig>[]) {
      const source = createAnswerSource({ url: '/chat', ...config }, load, async () => streamed([]));
      const e = await collect(source(ctx())).catch((x: unknown) => x);
      expect(e, JSON.stringify(Object.keys(config))).toBeInstanceOf(Error);
      expect(e).not.toBeInstanceOf(AnswerError);
      expect(e).not.toBeInstanceOf(TypeError);
      expect((e as Error).message).toMatch(/^chat\.(body|headers) must give/);
    }
  });

  it('lets no key of a polluted Object.prototype into the request', async () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.headers = { 'x-evil': '1' };
    proto.temperature = 9;
    proto.toJSON = () => 'hijacked';
    try {
      const [r] = await capture({ body: { metadata: {} }, headers: { a: 'b' } });
      expect(Object.keys(r!.body)).toEqual(['messages', 'stream', 'metadata']);
      expect(Object.hasOwn(r!.body, 'temperature')).toBe(false);
      expect(Object.keys(r!.headers)).not.toContain('x-evil');
    } finally {
      delete proto.headers;
      delete proto.temperature;
      delete proto.toJSON;
    }
  });
});

describe('the HTTP part, once for every protocol', () => {
  const sse = 'data: {"choices":[{"delta":{"content":"x"}}]}\n\ndata: [DONE]\n\n';

  it('throws a readable AnswerError with the status and Retry-After on a failed status', async () => {
    const source = createAnswerSource({ url: '/chat' }, load, async () => Response.json({ error: { message: 'Invalid API key', type: 'auth' } }, { status: 401 }));
    await expect(collect(source(ctx()))).rejects.toThrow('Chat service error 401: Invalid API key');
    const busy = createAnswerSource({ url: '/chat' }, load, async () => new Response('Slow down', { status: 429, headers: { 'retry-after': '7' } }));
    await expect(collect(busy(ctx()))).rejects.toMatchObject({ status: 429, retryAfter: '7', message: 'Chat service error 429: Slow down' });
  });

  it('never follows a redirect, and says so', async () => {
    const browserLike = { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), body: null } as unknown as Response;
    const source = createAnswerSource({ url: 'https://llm.example/v1/chat/completions' }, load, async () => browserLike);
    await expect(collect(source(ctx()))).rejects.toMatchObject({ status: 'redirect', message: 'Chat service answered with a redirect (not followed): check chat.url (https://llm.example/v1/chat/completions)' });
    const nodeLike = createAnswerSource({ url: '/chat' }, load, async () => new Response(null, { status: 302, headers: { Location: '/elsewhere' } }));
    await expect(collect(nodeLike(ctx()))).rejects.toMatchObject({ status: 'redirect' });
  });

  it('wraps network failures; a body that breaks off before any text is one, after some text a cut-off answer', async () => {
    const down = createAnswerSource({ url: '/chat' }, load, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(collect(down(ctx()))).rejects.toMatchObject({ status: 'network', message: 'Could not reach the chat service: Failed to fetch' });
    const breaking = (first: string) =>
      createAnswerSource({ url: '/chat' }, load, async () => {
        let n = 0;
        // The first piece is read, then the connection breaks (an error discards what is still queued).
        const body = new ReadableStream({ pull: (c) => (n++ ? c.error(new TypeError('network error')) : c.enqueue(enc.encode(first))) });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      });
    await expect(collect(breaking(': waiting\n\n')(ctx()))).rejects.toMatchObject({ status: 'network', message: 'Chat response interrupted: network error' });
    const cut = await collect(breaking('data: {"choices":[{"delta":{"content":"Add one"}}]}\n\n')(ctx()));
    expect([cut.text, cut.finishes]).toEqual(['Add one', ['incomplete']]);
  });

  it('yields a keep-alive when the response arrives and for every piece of bytes that shows nothing', async () => {
    const chunks = [': ping\n\n', 'data: {"choices":[{"delta":{"role":"assistant"}}]}\n\n', 'data: {"choices":[],"usage":{"total_tokens":3}}\n\n', 'data: {"choices":[{"delta":{"content":"hi"}}]}\n\n', 'data: [DONE]\n\n'];
    const got = await collect(createAnswerSource({ url: '/chat' }, load, async () => streamed(chunks))(ctx()));
    expect(got.parts.map((p) => p.type)).toEqual(['keep-alive', 'keep-alive', 'keep-alive', 'keep-alive', 'text-delta', 'finish']);
  });

  it('merges the deltas of one piece into one part', async () => {
    const one = await collect(createAnswerSource({ url: '/chat' }, load, async () => streamed([Array.from({ length: 500 }, (_, i) => `data: {"choices":[{"delta":{"content":"${i} "}}]}\n\n`).join('')]))(ctx()));
    expect(one.parts.map((p) => p.type)).toEqual(['keep-alive', 'text-delta', 'finish']);
    expect(one.text).toBe(Array.from({ length: 500 }, (_, i) => `${i} `).join(''));
  });

  it('passes the signal to fetch and stops a stalled stream when aborted; rejects at once when already aborted', async () => {
    const ac = new AbortController();
    let passed: AbortSignal | undefined;
    const source = createAnswerSource({ url: '/chat' }, load, async (_u, init) => {
      passed = init!.signal!;
      // The first delta, then the stream stalls forever (a proxy that ignores the signal).
      return new Response(new ReadableStream({ start: (c) => c.enqueue(enc.encode('data: {"choices":[{"delta":{"content":"first"}}]}\n\n')) }), { headers: { 'content-type': 'text/event-stream' } });
    });
    const got: AnswerPart[] = [];
    const run = (async () => {
      for await (const p of source(ctx(ac.signal))) {
        got.push(p as AnswerPart);
        if ((p as AnswerPart).type == 'text-delta') ac.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(passed).toBe(ac.signal);
    expect(got.filter((p) => p.type == 'text-delta')).toEqual([{ type: 'text-delta', delta: 'first' }]);
    let called = false;
    const never = createAnswerSource({ url: '/chat' }, load, async () => ((called = true), streamed([sse])));
    await expect(collect(never(ctx(AbortSignal.abort())))).rejects.toMatchObject({ name: 'AbortError' });
    expect(called).toBe(false);
  });

  it('loads a protocol other than openai by its name, and the AI SDK reader for a UI message stream whatever the protocol', async () => {
    const asked: string[] = [];
    const spy: ProtocolLoader = (n) => (asked.push(n), load(n));
    await collect(createAnswerSource({ url: '/chat' }, spy, async () => streamed([sse]))(ctx()));
    expect(asked).toEqual([]);
    await collect(createAnswerSource({ url: '/chat', protocol: 'text' }, spy, async () => streamed(['hello']))(ctx()));
    expect(asked).toEqual(['text']);
    const ui = await collect(createAnswerSource({ url: '/chat', protocol: 'text' }, spy, async () => streamed(['data: {"type":"text-delta","id":"1","delta":"hi"}\n\ndata: {"type":"finish"}\n\n'], { headers: { 'x-vercel-ai-ui-message-stream': 'v1' } }))(ctx()));
    expect(asked).toEqual(['text', 'text', 'ai-sdk']);
    expect([ui.text, ui.finishes]).toEqual(['hi', ['stop']]);
  });
});
