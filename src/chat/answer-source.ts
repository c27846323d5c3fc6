/**
 * The answer source of `chat`: the HTTP part, done once for every protocol. It builds the request
 * (the protocol's body with `chat.body` merged in, `chat.headers` called for every request), POSTs
 * it without following redirects, turns a failed status into an AnswerError (with `Retry-After`),
 * and hands the response body, decoded, to the protocol's reader (an AI SDK UI message stream is
 * recognised by its `x-vercel-ai-ui-message-stream: v1` header whatever the protocol). It yields
 * the reader's parts, and a `keep-alive` for bytes that carried none (comments, role and usage
 * chunks: the idle timeout measures silence, not missing text).
 *
 * Untrusted bytes cannot freeze the page: the body is read in slices of at most SLICE bytes, the
 * work between two returns to the event loop is bounded (`pace`, a new task, after each SLICE bytes
 * processed), consecutive deltas of one slice are merged into one part, and an answer may carry
 * MAX_TEXT characters of text: beyond that, or when one event or body is too large to hold, it
 * ends with a permanent `error` part ("too large") and a `finish` of `error`.
 */
import type { AnswerContext, AnswerPart, AnswerSource, ChatEndpointConfig } from '../widget-core/widget-types.ts';
import { fromJson, toJson } from '../core/json.ts';
import { bare, ownCopy } from '../core/own-copy.ts';
import { AnswerError } from './answer-error.ts';
import { chatRequest, type AnswerProtocol, type ProtocolLoader } from './protocols/protocol.ts';
import { readOpenAi } from './protocols/openai.ts';
import { guarded } from '../core/guarded.ts';
import { isOk } from '../core/status-policy.ts';

export const SLICE = 65_536;
export const MAX_TEXT = 1_000_000;

/** A new task, so the page can paint and handle input (scheduler.yield where the browser has it). */
export const nextTask = (): Promise<void> => {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return s?.yield ? s.yield() : new Promise((r) => setTimeout(r));
};

/** The error message of an OpenAI-style error body (`{"error":{"message"}}`), else its start. */
function errorText(body: string): string {
  try {
    const e = (fromJson(body) as { error?: { message?: unknown } | string } | null)?.error;
    if (e) return typeof e == 'string' ? e : String(e.message ?? toJson(e));
  } catch {}
  return body.trim().slice(0, 200);
}

/**
 * `chat.body` or `chat.headers` for this request: an own-property copy of an object (of valid
 * header names and string values, for headers). A wrong one is a plain Error: the chat does not
 * retry it by itself (answer-failure.ts); what the host's function throws passes as it is.
 */
async function optionValue(v: unknown, ctx: AnswerContext, name: string, headers?: boolean): Promise<Record<string, any>> {
  const o = ownCopy(typeof v == 'function' ? await (v as (c: AnswerContext) => unknown)(ctx) : v) as Record<string, unknown> | undefined;
  if (o == null) return {};
  try {
    if (typeof o != 'object' || Array.isArray(o) || (headers && (Object.values(o).some((x) => typeof x != 'string') || !new Headers(o as Record<string, string>)))) throw 0;
  } catch {
    throw new Error(`${name} must give an object${headers ? ' of header names and strings' : ''}`);
  }
  return o;
}

export function createAnswerSource(config: ChatEndpointConfig, load: ProtocolLoader, fetchImpl: typeof fetch = (...a) => fetch(...a), pace = nextTask): AnswerSource {
  return async function* (ctx) {
    const { signal } = ctx;
    signal.throwIfAborted();
    const fail = (what: string, e: unknown) => (signal.aborted ? signal.reason : new AnswerError(`${what}: ${e instanceof Error ? e.message : String(e)}`, 'network'));
    const name = config.protocol ?? 'openai';
    // Own properties only: a page's `Object.prototype.request` is not the protocol's.
    const protocol: AnswerProtocol = bare(name == 'openai' ? {} : await load(name));
    const extra = await optionValue(config.body, ctx, 'chat.body');
    const own = await optionValue(config.headers, ctx, 'chat.headers', true);
    // Own properties only: a page's `Object.prototype.headers` is not the protocol's.
    const req = ownCopy(await (protocol.request ?? chatRequest)(ctx, config, extra, fetchImpl));
    let body: string;
    try {
      // The page's toJSON quirks (Prototype.js's Array#toJSON) would turn `messages` into a string.
      body = toJson(req.body);
    } catch {
      throw new Error('chat.body must give JSON data');
    }
    signal.throwIfAborted();
    let res: Response;
    try {
      // Null-prototype dictionaries: fetch reads inherited keys too (a page's `Object.prototype.headers`).
      res = await fetchImpl(
        config.url,
        bare<RequestInit>({
          method: 'POST',
          signal,
          headers: bare({
            'content-type': 'application/json',
            accept: 'text/event-stream, application/json',
            ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
            ...req.headers,
            ...own,
          }),
          body,
          // Never followed: a 301/302/303 would turn the question into a GET of some other page.
          redirect: 'manual',
        }),
      );
    } catch (e) {
      throw fail('Could not reach the chat service', e);
    }
    signal.throwIfAborted();
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) throw new AnswerError(`Chat service answered with a redirect (not followed): check chat.url (${config.url})`, 'redirect');
    if (!isOk(res.status)) {
      const detail = errorText(await res.text().then(undefined, () => ''));
      throw new AnswerError(`Chat service error ${res.status}${detail ? `: ${detail}` : ''}`, res.status, res.headers.get('retry-after'));
    }
    yield { type: 'keep-alive' };
    const ui = res.headers.get('x-vercel-ai-ui-message-stream') == 'v1' && name != 'ai-sdk';
    const read = (ui ? bare(await load('ai-sdk')).read : protocol.read) ?? readOpenAi;
    yield* pump(res, read, signal, pace, fail);
  };
}

async function* pump(res: Response, read: NonNullable<AnswerProtocol['read']>, signal: AbortSignal, pace: () => Promise<void>, fail: (what: string, e: unknown) => unknown): AsyncGenerator<AnswerPart> {
  let out: AnswerPart[] = [];
  let text = 0;
  let over = false;
  let finished = false;
  const emit = (p: AnswerPart) => {
    if (finished || over) return;
    if (p.type == 'text-delta' && (text += p.delta.length) > MAX_TEXT) return void (over = true);
    const last = out[out.length - 1];
    if ((p.type == 'text-delta' || p.type == 'reasoning-delta') && last?.type == p.type) last.delta += p.delta;
    else out.push(p.type == 'text-delta' || p.type == 'reasoning-delta' ? { ...p } : p);
    finished = p.type == 'finish';
  };
  const reader = read(emit, res.headers.get('content-type') ?? '');
  /** Runs a step of the reader; a RangeError is its "too large to hold". */
  const step = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      over = true;
    }
    if (over && !finished) {
      out.push({ type: 'error', message: 'The answer is too large to show', permanent: true }, { type: 'finish', reason: 'error' });
      finished = true;
    }
    const parts = out.length ? out : [{ type: 'keep-alive' } as AnswerPart];
    out = [];
    return parts;
  };
  const body = res.body?.getReader();
  const decoder = new TextDecoder();
  const onAbort = guarded(() => body?.cancel());
  signal.addEventListener('abort', onAbort);
  let budget = 0;
  try {
    while (!finished) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = body ? await body.read() : { done: true, value: undefined };
      } catch (e) {
        signal.throwIfAborted();
        // Broken off after some answer text: a cut-off answer (kept, marked); before any, a network failure (retried).
        if (!text) throw fail('Chat response interrupted', e);
        yield* step(() => reader.end(true));
        return;
      }
      signal.throwIfAborted();
      if (chunk.done) {
        yield* step(() => (reader.push(decoder.decode()), reader.end()));
        return;
      }
      const bytes = chunk.value;
      for (let i = 0; i < bytes.length && !finished; i += SLICE) {
        if ((budget += Math.min(SLICE, bytes.length - i)) > SLICE) {
          budget = 0;
          await pace();
          signal.throwIfAborted();
        }
        yield* step(() => reader.push(decoder.decode(bytes.subarray(i, i + SLICE), { stream: true })));
      }
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    body?.cancel().then(undefined, () => {});
  }
}
