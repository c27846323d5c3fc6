/**
 * Helpers for the widget's browser tests (e2e/widget-*.spec.ts): host pages generated per test
 * and served on the collector's origin with `page.route` (they never depend on `index.html` or
 * `public/*`), accessible-name locators, and a recorder of console errors, page errors, CSP
 * violations and the widget's DOM events.
 */
import { expect, type Page, type Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_DIR } from './global-setup.ts';

export interface HostOptions {
  apiKey?: string;
  /** `analyticsUrl` (the collector); '' leaves `data-analytics-url` out. */
  analyticsUrl?: string;
  /** `data-chat-url`; defaults to the collector's FAQ answerer, '' leaves it out. */
  chatUrl?: string;
  /** Extra `data-*` attributes, e.g. `{ 'data-theme': 'dark' }`. */
  attrs?: Record<string, string>;
  /** Put the queue stub before the loader. */
  stub?: boolean;
  /** Inline script after the stub and before the loader (e.g. queued `SupportCopilot(...)` calls). */
  before?: string;
  /** Inline script after the loader tag (the host page's own code). */
  after?: string;
  /** Extra body HTML before the widget. */
  body?: string;
  /** Response headers of the page (CSP). */
  headers?: Record<string, string>;
  /** Replaces the whole document (CSP pages with no inline script at all). */
  html?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export const STUB = `window.SupportCopilot = window.SupportCopilot || function () { (window.SupportCopilot.q = window.SupportCopilot.q || []).push(arguments); };`;

/** The script tag of DESIGN.md section 1, with these options' attributes. */
export function scriptTag(o: HostOptions): string {
  const attrs: Record<string, string> = {
    ...(o.apiKey !== undefined ? { 'data-api-key': o.apiKey } : {}),
    ...(o.analyticsUrl ? { 'data-analytics-url': o.analyticsUrl } : {}),
    ...(o.chatUrl === '' ? {} : { 'data-chat-url': o.chatUrl ?? '/v1/chat/completions' }),
    ...o.attrs,
  };
  const list = Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  return `<script async src="/support-copilot.js"${list}></script>`;
}

export function hostHtml(o: HostOptions): string {
  if (o.html) return o.html;
  const head = [o.stub ? `<script>${STUB}</script>` : '', o.before ? `<script>${o.before}</script>` : ''].join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page</title>
${head}
</head>
<body>
<main><h1>Host page</h1><p>Some host content.</p>${o.body ?? ''}</main>
${scriptTag(o)}
${o.after ? `<script>${o.after}</script>` : ''}
</body>
</html>`;
}

/**
 * Serves generated pages under `/__test/` on the collector's origin. Pages are looked up by name
 * on every request, so a reload gets the same page and a test may change it between loads.
 * Also serves the npm-entry test bundles (`/__test/index.js`, `/__test/core.js`) and a blank page.
 */
export class HostPages {
  readonly pages = new Map<string, { body: string | Buffer; contentType: string; headers?: Record<string, string> }>();
  private constructor(readonly page: Page) {}

  static async install(page: Page): Promise<HostPages> {
    const hp = new HostPages(page);
    await page.route('**/__test/**', (route) => hp.handle(route));
    return hp;
  }

  /** Registers a host page and returns its path. */
  host(name: string, o: HostOptions): string {
    this.pages.set(name, { body: hostHtml(o), contentType: 'text/html; charset=utf-8', ...(o.headers ? { headers: o.headers } : {}) });
    return `/__test/${name}`;
  }

  file(name: string, body: string | Buffer, contentType: string, headers?: Record<string, string>): string {
    this.pages.set(name, { body, contentType, ...(headers ? { headers } : {}) });
    return `/__test/${name}`;
  }

  private handle(route: Route) {
    const name = new URL(route.request().url()).pathname.replace('/__test/', '');
    const p = this.pages.get(name);
    if (p) return route.fulfill({ body: p.body, contentType: p.contentType, headers: { 'Cache-Control': 'no-store', ...p.headers } });
    if (name === 'blank.html') {
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><head><title>blank</title></head><body><main><h1>Host page</h1></main></body></html>' });
    }
    if (/^[\w.-]+\.js(\.map)?$/.test(name)) {
      try {
        return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(BUNDLE_DIR, name)) });
      } catch {
        /* not a bundle */
      }
    }
    return route.fulfill({ status: 404, body: 'not found' });
  }
}

/** Records, from before any page script runs: widget DOM events, CSP violations, the clipboard. */
export const RECORDER_SCRIPT = () => {
  const w = window as unknown as { __sc: { events: { type: string; detail: unknown }[]; violations: string[] } };
  w.__sc = { events: [], violations: [] };
  for (const type of ['ready', 'open', 'close', 'message', 'error']) {
    document.addEventListener(`support-copilot:${type}`, (e) => {
      const detail = (e as CustomEvent).detail;
      w.__sc.events.push({ type, detail: detail instanceof Error ? { message: detail.message, code: (detail as { code?: string }).code } : detail });
    });
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    w.__sc.violations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
  });
};

export interface PageIssues {
  consoleErrors: string[];
  consoleWarnings: string[];
  pageErrors: string[];
}

/** Adds the recorder and collects console errors and uncaught page errors. */
export async function watchPage(page: Page): Promise<PageIssues> {
  const issues: PageIssues = { consoleErrors: [], consoleWarnings: [], pageErrors: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') issues.consoleErrors.push(m.text());
    if (m.type() === 'warning') issues.consoleWarnings.push(m.text());
  });
  page.on('pageerror', (e) => issues.pageErrors.push(String(e?.stack ?? e)));
  await page.addInitScript(RECORDER_SCRIPT);
  return issues;
}

export async function scEvents(page: Page): Promise<{ type: string; detail: Record<string, unknown> }[]> {
  return page.evaluate(() => (window as unknown as { __sc: { events: { type: string; detail: Record<string, unknown> }[] } }).__sc.events);
}

export async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __sc: { violations: string[] } }).__sc.violations);
}

/** Waits for the widget's `support-copilot:ready` and returns its conversation id. */
export async function waitReady(page: Page): Promise<string> {
  await expect.poll(async () => (await scEvents(page)).some((e) => e.type === 'ready'), { message: 'support-copilot:ready' }).toBe(true);
  const ready = (await scEvents(page)).find((e) => e.type === 'ready')!;
  return ready.detail.conversationId as string;
}

/** The `support-copilot:message` events so far (user and assistant messages shown). */
export async function shownMessages(page: Page): Promise<{ conversationId: string; messageId: string; role: string; content: string }[]> {
  return (await scEvents(page)).filter((e) => e.type === 'message').map((e) => e.detail as never);
}

/** Locators by accessible name (DESIGN.md section 5); Playwright pierces the open shadow root. */
export function ui(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Support' });
  return {
    host: page.locator('[data-support-copilot]'),
    launcher: page.getByRole('button', { name: 'Open support chat' }),
    dialog,
    log: dialog.getByRole('log'),
    input: dialog.getByRole('textbox', { name: 'Ask a question' }),
    send: dialog.getByRole('button', { name: 'Send' }),
    close: dialog.getByRole('button', { name: 'Close chat' }),
    newConversation: dialog.getByRole('button', { name: 'New conversation' }),
    status: dialog.getByRole('status'),
    helpful: dialog.getByRole('button', { name: 'Helpful', exact: true }),
    notHelpful: dialog.getByRole('button', { name: 'Not helpful', exact: true }),
    copy: dialog.getByRole('button', { name: 'Copy answer' }),
  };
}

/** Opens the panel, asks `question`, waits for the finished answer; returns the shown messages. */
export async function ask(page: Page, question: string, answerText: string | RegExp) {
  const u = ui(page);
  if (!(await u.dialog.isVisible())) await u.launcher.click();
  await u.input.fill(question);
  await u.send.click();
  await expect(u.log).toContainText(answerText);
  // Finished: the answer's actions appear only once it is done (and durable).
  await expect.poll(async () => (await shownMessages(page)).filter((m) => m.role === 'assistant').length).toBeGreaterThan(0);
  return shownMessages(page);
}

/**
 * The collector (the Acme Cloud help centre) answers "How do I install it?" from its guides (the
 * Acme CLI, public/help/getting-started.md), with this text and, among its sources, this link.
 */
export const INSTALL_ANSWER = 'command line tool deploys';
export const INSTALL_LINK = 'Install the Acme CLI';
export const INSTALL_PATH = '/help/getting-started#install-the-acme-cli';

/** A routed OpenAI-compatible SSE answer made of `chunks`, for answers the FAQ cannot give. */
export function sseBody(chunks: string[]): string {
  const frames = chunks.map((c, i) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: c } : { content: c } }] })}\n\n`);
  return frames.join('') + 'data: [DONE]\n\n';
}

/**
 * From before any page script runs, holds every event-stream answer after its first `events`
 * events until `releaseStream(page)`. Whether the network delivers a stream in one read or many
 * depends on the machine's load (a loaded CI run got a whole answer in one read), so a test that
 * proves an answer is shown while it streams holds the stream instead of sampling it.
 */
export async function holdStreams(page: Page, events = 2): Promise<void> {
  await page.addInitScript((n: number) => {
    const w = window as unknown as { __sse: { held: boolean; release: () => void } };
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    w.__sse = { held: false, release };
    const realFetch = window.fetch;
    window.fetch = async function (this: unknown, ...args: Parameters<typeof fetch>) {
      const res = await realFetch.apply(this, args);
      if (!res.body || !res.headers.get('content-type')?.includes('text/event-stream')) return res;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const encoder = new TextEncoder();
      let sent = 0;
      let text = '';
      const body = new ReadableStream<Uint8Array>({
        async start(c) {
          for (;;) {
            const { done, value } = await reader.read();
            text += done ? decoder.decode() : decoder.decode(value, { stream: true });
            let end: number;
            while ((end = text.indexOf('\n\n')) >= 0) {
              if (sent++ === n) {
                w.__sse.held = true;
                await released;
              }
              c.enqueue(encoder.encode(text.slice(0, end + 2)));
              text = text.slice(end + 2);
            }
            if (done) break;
          }
          if (text) c.enqueue(encoder.encode(text));
          c.close();
        },
      });
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    };
  }, events);
}

/** Waits until a stream is held by holdStreams. */
export async function streamHeld(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => (window as unknown as { __sse: { held: boolean } }).__sse.held), { message: 'an event stream held' }).toBe(true);
}

export async function releaseStream(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __sse: { release: () => void } }).__sse.release());
}
