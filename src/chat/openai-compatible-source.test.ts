import { describe, expect, it } from 'vitest';
import { openAiCompatibleSource } from './openai-compatible-source.ts';
import type { AnswerContext } from '../widget-core/widget-types.ts';

const enc = new TextEncoder();
const sse = (deltas: string[]) =>
  deltas.map((d) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: d } }] })}\n\n`).join('') + 'data: [DONE]\n\n';

/** A Response whose body arrives as the given byte chunks. */
function streamed(chunks: (string | Uint8Array)[], init: ResponseInit = { headers: { 'content-type': 'text/event-stream' } }) {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const x of chunks) c.enqueue(typeof x == 'string' ? enc.encode(x) : x);
        c.close();
      },
    }),
    init,
  );
}

const ctx = (signal = new AbortController().signal): AnswerContext => ({
  conversationId: 'c1',
  messages: [{ role: 'user', content: 'Hi?' }],
  signal,
});

async function collect(it: AsyncIterable<string | object>) {
  const out: string[] = [];
  for await (const d of it) out.push(d as string);
  return out;
}

describe('openAiCompatibleSource', () => {
  it('POSTs the request and yields the stream deltas', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const source = openAiCompatibleSource(
      { url: 'https://llm.example/v1/chat/completions', apiKey: 'k1', model: 'm1', headers: { 'x-extra': 'y' } },
      async (url, init) => {
        seen = { url: String(url), init: init! };
        return streamed([sse(['Hel', 'lo', ' world'])]);
      },
    );
    expect(await collect(source(ctx()))).toEqual(['Hel', 'lo', ' world']);
    expect(seen!.url).toBe('https://llm.example/v1/chat/completions');
    expect(seen!.init.method).toBe('POST');
    const headers = seen!.init.headers as Record<string, string>;
    expect(headers.authorization).toBe('Bearer k1');
    expect(headers['x-extra']).toBe('y');
    expect(headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen!.init.body as string)).toEqual({ model: 'm1', messages: [{ role: 'user', content: 'Hi?' }], stream: true });
  });

  it('sends no Authorization header without apiKey', async () => {
    let headers: Record<string, string> = {};
    const source = openAiCompatibleSource({ url: '/chat' }, async (_u, init) => {
      headers = init!.headers as Record<string, string>;
      return streamed([sse(['a'])]);
    });
    await collect(source(ctx()));
    expect(headers).not.toHaveProperty('authorization');
  });

  it('reassembles lines and UTF-8 characters split across chunks, with CRLF and comments', async () => {
    const bytes = enc.encode(': hello\r\n\r\n' + sse(['Grüße ', '👋', '']).replace(/\n/g, '\r\n'));
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.slice(i, i + 3));
    const source = openAiCompatibleSource({ url: '/chat' }, async () => streamed(chunks));
    expect((await collect(source(ctx()))).join('')).toBe('Grüße 👋');
  });

  it('stops at [DONE] and skips role-only chunks and unparsable lines', async () => {
    const body =
      'data: {"choices":[{"delta":{"role":"assistant"}}]}\n\ndata: not json\n\n' + sse(['ok']) + 'data: {"choices":[{"delta":{"content":"after"}}]}\n\n';
    const source = openAiCompatibleSource({ url: '/chat' }, async () => streamed([body]));
    expect(await collect(source(ctx()))).toEqual(['ok']);
  });

  it('ends cleanly when the stream closes without [DONE]', async () => {
    const source = openAiCompatibleSource({ url: '/chat' }, async () => streamed(['data: {"choices":[{"delta":{"content":"x"}}]}']));
    expect(await collect(source(ctx()))).toEqual(['x']);
  });

  it('accepts a non-streaming JSON chat.completion', async () => {
    const json = { object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Whole answer' } }] };
    const source = openAiCompatibleSource({ url: '/chat' }, async () =>
      Response.json(json, { headers: { 'content-type': 'application/json; charset=utf-8' } }),
    );
    expect(await collect(source(ctx()))).toEqual(['Whole answer']);
  });

  it('throws a readable error with the status on non-2xx', async () => {
    const source = openAiCompatibleSource({ url: '/chat' }, async () =>
      Response.json({ error: { message: 'Invalid API key', type: 'auth' } }, { status: 401 }),
    );
    await expect(collect(source(ctx()))).rejects.toThrow('Chat service error 401: Invalid API key');
    const plain = openAiCompatibleSource({ url: '/chat' }, async () => new Response('Bad gateway', { status: 502 }));
    await expect(collect(plain(ctx()))).rejects.toThrow(/502: Bad gateway/);
  });

  it('throws on an error event inside the stream', async () => {
    const source = openAiCompatibleSource({ url: '/chat' }, async () =>
      streamed([sse(['partial']).replace('data: [DONE]', 'data: {"error":{"message":"overloaded"}}')]),
    );
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const d of source(ctx())) got.push(d as string);
      })(),
    ).rejects.toThrow('overloaded');
    expect(got).toEqual(['partial']);
  });

  it('wraps network failures', async () => {
    const source = openAiCompatibleSource({ url: '/chat' }, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(collect(source(ctx()))).rejects.toThrow('Could not reach the chat service: Failed to fetch');
  });

  it('passes the signal to fetch and stops a stalled stream when aborted', async () => {
    const ac = new AbortController();
    let passed: AbortSignal | undefined;
    const source = openAiCompatibleSource({ url: '/chat' }, async (_u, init) => {
      passed = init!.signal!;
      // first delta, then the stream stalls forever (the mock ignores the signal like a proxy could)
      return new Response(
        new ReadableStream({ start: (c) => c.enqueue(enc.encode(sse(['first']).replace('data: [DONE]\n\n', ''))) }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    });
    const got: string[] = [];
    const run = (async () => {
      for await (const d of source(ctx(ac.signal))) {
        got.push(d as string);
        ac.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(passed).toBe(ac.signal);
    expect(got).toEqual(['first']);
  });

  it('rejects at once when the signal is already aborted', async () => {
    let called = false;
    const source = openAiCompatibleSource({ url: '/chat' }, async () => {
      called = true;
      return streamed([sse(['x'])]);
    });
    await expect(collect(source(ctx(AbortSignal.abort())))).rejects.toMatchObject({ name: 'AbortError' });
    expect(called).toBe(false);
  });

  it('never follows a redirect: asks for redirect "manual" and fails with a readable error on one', async () => {
    let redirect: RequestRedirect | undefined;
    const browserLike = { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), body: null } as unknown as Response;
    const source = openAiCompatibleSource({ url: 'https://llm.example/v1/chat/completions' }, async (_u, init) => {
      redirect = init!.redirect;
      return browserLike;
    });
    await expect(collect(source(ctx()))).rejects.toThrow('Chat service answered with a redirect (not followed): check chat.url (https://llm.example/v1/chat/completions)');
    expect(redirect).toBe('manual');
    const nodeLike = openAiCompatibleSource({ url: '/chat' }, async () => new Response(null, { status: 302, headers: { Location: '/elsewhere' } }));
    await expect(collect(nodeLike(ctx()))).rejects.toThrow('redirect');
  });
});
