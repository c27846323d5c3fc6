/**
 * The core flows, in any engine (issue 20 item 3): launcher, open, a streamed answer, the payload
 * valid under the official SDK schema with the cookie id, reload continuity, two tabs without
 * duplicates, offline and back (where the driver can go offline), a server outage and back, and
 * blocked site data. Each scenario starts from empty site data, with its own collector key.
 */
import { randomUUID } from 'node:crypto';
import { validateBody } from '../../server/sdk-schemas.ts';
import { BLOCKED_COMBINATIONS, blockStorageScript, type StorageName } from '../blocked-storage.ts';
import { find, until, type Engine, type EnginePage } from './driver.ts';
import { READ_AUTH, type Site } from './site.ts';

export interface Ctx {
  engine: Engine;
  site: Site;
  apiKey: string;
  /** A new tab, closed after the scenario. */
  tab(): Promise<EnginePage>;
}
export interface Scenario {
  name: string;
  /** Only where the driver can do it (offline emulation). */
  needs?: 'offline';
  run(c: Ctx): Promise<void>;
}

const COOKIE = 'inkeepUsagePreferences_userId';
const QUESTION = 'How do I install it?';
// The demo's answer to QUESTION (its Acme CLI guide; e2e/widget-helpers.ts INSTALL_ANSWER).
const ANSWER = 'command line tool deploys';
const NOT_KEPT = 'conversations are not kept here';
const W = '[data-support-copilot]';
const at = {
  launcher: [W, 'button[aria-label="Open support chat"]'],
  /** The launcher while the panel is open (also right after a reload: the open state is kept per tab). */
  closeLauncher: [W, 'button[aria-label="Close chat"]'],
  dialog: [W, '[role="dialog"]'],
  log: [W, '[role="log"]'],
  input: [W, 'textarea[aria-label="Ask a question"]'],
  conversations: [W, 'button[aria-label="Conversations"]'],
};

/** Recorded from the page's first script (no console API in WebKit's driver): errors, the widget's DOM events, the log's text length over time. */
const RECORDER = `window.__rec = { errors: [], events: [], lens: [] };
addEventListener('error', (e) => __rec.errors.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => __rec.errors.push('unhandledrejection: ' + String(e.reason && e.reason.stack || e.reason)));
for (const t of ['ready', 'open', 'message', 'error']) document.addEventListener('support-copilot:' + t, (e) => __rec.events.push({ type: t, detail: e.detail instanceof Error ? { message: e.detail.message, code: e.detail.code } : e.detail }));
setInterval(() => { const h = document.querySelector('${W}'); const log = h && h.shadowRoot && h.shadowRoot.querySelector('[role=log]'); if (log) { const n = log.textContent.length; if (__rec.lens[__rec.lens.length - 1] !== n) __rec.lens.push(n); } }, 10);`;

/** The help centre with the script tag and the queue stub (DESIGN.md section 1); `block` runs first. */
function helpCentre(c: Ctx, name: string, block?: StorageName[], flushDelayMs = 20): string {
  const init = { apiKey: c.apiKey, analyticsUrl: c.site.url, chat: { url: '/v1/chat/completions' }, flushDelayMs };
  return c.site.page(
    `${name}-${c.apiKey.slice(5, 13)}.html`,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Help centre</title>
<script>${block ? blockStorageScript(block) : ''}\n${RECORDER}</script>
<script>window.SupportCopilot = window.SupportCopilot || function () { (window.SupportCopilot.q = window.SupportCopilot.q || []).push(arguments); };
SupportCopilot('init', ${JSON.stringify(init)});</script>
</head><body><main><h1>Help centre</h1><p>Articles.</p></main>
<script async src="/support-copilot.js"></script></body></html>`,
  );
}

const visible = (p: EnginePage, path: string[]) => p.run<boolean>(`const n = ${find(path)}; return !!n && n.getClientRects().length > 0;`);
const text = (p: EnginePage, path: string[]) => p.run<string>(`const n = ${find(path)}; return n ? n.textContent : '';`);
const rec = <T>(p: EnginePage, field: string) => p.run<T>(`return window.__rec.${field};`);
const answers = async (p: EnginePage) => (await rec<{ type: string; detail: { role: string; conversationId: string } }[]>(p, 'events')).filter((e) => e.type === 'message' && e.detail.role === 'assistant');
const conversationId = (p: EnginePage) => until('the widget ready', async () => (await rec<{ type: string; detail: { conversationId: string } }[]>(p, 'events')).find((e) => e.type === 'ready')?.detail.conversationId);
const noErrors = async (p: EnginePage) => {
  const errors = await rec<string[]>(p, 'errors');
  if (errors.length) throw new Error(`thrown into the page: ${errors.join(' | ')}`);
};

/** Opens the panel, unless this tab left it open (then it comes back open by itself: clicking would close it). */
async function open(p: EnginePage): Promise<void> {
  await conversationId(p); // the widget is ready: its launcher says which state the tab left
  const state = await until('the launcher or the open panel', async () => {
    if (await visible(p, at.dialog)) return 'open';
    if (await visible(p, at.closeLauncher)) return null; // open, the panel still loading
    return (await visible(p, at.launcher)) ? 'closed' : null;
  });
  if (state === 'open') return;
  await p.click(at.launcher);
  await until('the dialog open', () => visible(p, at.dialog));
}
/** Asks `q` and waits for its finished answer (the assistant's `message` event); returns the answer count. */
async function ask(p: EnginePage, q: string, expectText = ANSWER): Promise<number> {
  const before = (await answers(p)).length;
  await p.type(at.input, q, true);
  await until(`the answer to "${q}"`, async () => (await text(p, at.log)).includes(expectText) && (await answers(p)).length > before);
  return before + 1;
}

interface Stored {
  messages: { id: string; role: string; content: string | null; userProperties?: { id?: string; identificationType?: string } }[];
}
const stored = (c: Ctx, id: string) => c.site.api<Stored | null>(`/conversations/${encodeURIComponent(id)}`, { headers: READ_AUTH });
const delivered = (c: Ctx, id: string, count: number): Promise<Stored> =>
  until(`${count} messages at the collector`, async () => {
    const s = await stored(c, id);
    return s && s.messages.length >= count ? s : null;
  });
function unique(s: Stored): void {
  const ids = s.messages.map((m) => m.id);
  if (new Set(ids).size !== ids.length) throw new Error(`duplicated message ids: ${ids.join(', ')}`);
}
const expectEqual = (what: string, got: unknown, want: unknown) => {
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
};
const fault = (c: Ctx, rule: object) => c.site.api('/__admin/faults', { method: 'POST', body: JSON.stringify(rule) });
const clearFaults = (c: Ctx) => c.site.api('/__admin/faults', { method: 'DELETE' });

export const SCENARIOS: Scenario[] = [
  {
    name: 'launcher, open, a streamed answer, the payload valid under the SDK schema with the cookie id',
    async run(c) {
      const p = await c.tab();
      await p.goto(helpCentre(c, 'first'));
      const id = await conversationId(p);
      expectEqual('launcher name', await p.run(`return ${find(at.launcher)}.getAttribute('aria-label');`), 'Open support chat');
      await open(p);
      await ask(p, QUESTION);
      // Streamed: the log grew through several lengths while the answer came in.
      const lens = await rec<number[]>(p, 'lens');
      if (lens.length < 4) throw new Error(`the answer did not stream (log lengths seen: ${lens.join(', ')})`);
      const conv = await delivered(c, id, 2);
      unique(conv);
      const verdict = validateBody('conversation', conv);
      if (!verdict.ok) throw new Error(`stored conversation not valid under the SDK schema: ${JSON.stringify(verdict.issues)}`);
      const cookie = (await p.run<string>('return document.cookie;')).split(/;\s*/).find((x) => x.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1);
      if (!cookie) throw new Error('no anonymous-id cookie');
      // The visitor's messages carry who asked: the cookie's anonymous id.
      for (const m of conv.messages.filter((x) => x.role === 'user')) expectEqual('the question\'s userProperties', { id: m.userProperties?.id, type: m.userProperties?.identificationType }, { id: decodeURIComponent(cookie), type: 'COOKIED' });
      await noErrors(p);
    },
  },
  {
    name: 'reload continuity: the same conversation, its history shown, nothing sent twice',
    async run(c) {
      const p = await c.tab();
      await p.goto(helpCentre(c, 'reload'));
      const id = await conversationId(p);
      await open(p);
      await ask(p, QUESTION);
      await delivered(c, id, 2);
      await p.reload();
      expectEqual('conversation after reload', await conversationId(p), id);
      await open(p);
      await until('the history after reload', async () => (await text(p, at.log)).includes(ANSWER));
      await ask(p, 'Can I use it with npm?', 'npm');
      const conv = await delivered(c, id, 4);
      unique(conv);
      expectEqual('roles', conv.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
      await noErrors(p);
    },
  },
  {
    name: 'two tabs: one conversation, each question answered once, no duplicates',
    async run(c) {
      const a = await c.tab();
      const url = helpCentre(c, 'tabs');
      await a.goto(url);
      const id = await conversationId(a);
      await open(a);
      await ask(a, QUESTION);
      const b = await c.tab();
      await b.goto(url);
      expectEqual('the second tab continues the conversation', await conversationId(b), id);
      await open(b);
      await until('the history in the second tab', async () => (await text(b, at.log)).includes(ANSWER));
      await ask(b, 'Can I use it with npm?', 'npm');
      const conv = await delivered(c, id, 4);
      unique(conv);
      expectEqual('roles', conv.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
      // The first tab shows the second tab's question (tab sync), and nobody answered anything twice.
      await a.reload();
      await open(a);
      await until('the first tab showing both answers', async () => (await text(a, at.log)).includes('Can I use it with npm?'));
      const again = await stored(c, id);
      expectEqual('messages after both tabs settled', again?.messages.length, 4);
      await noErrors(a);
      await noErrors(b);
    },
  },
  {
    name: 'leaving the page sends what is pending (keepalive on pagehide), before any later page loads',
    async run(c) {
      const p = await c.tab();
      // Delivery held back a minute: only the page-hide path can send it.
      await p.goto(helpCentre(c, 'leave', undefined, 60_000));
      const id = await conversationId(p);
      await p.run(`await window.SupportCopilot('logMessage', { role: 'user', content: 'leaving now' }); return true;`);
      const posts = () => c.site.api<{ entries: unknown[] }>(`/__admin/log?key=${encodeURIComponent(c.apiKey)}&method=POST`);
      expectEqual('requests before leaving', (await posts()).entries.length, 0);
      await p.goto('about:blank');
      const conv = await delivered(c, id, 1);
      expectEqual('contents', conv.messages.map((m) => m.content), ['leaving now']);
    },
  },
  {
    name: 'offline and back: the question waits, is answered once online, delivered whole',
    needs: 'offline',
    async run(c) {
      const p = await c.tab();
      await p.goto(helpCentre(c, 'offline'));
      const id = await conversationId(p);
      await open(p);
      await c.engine.setOffline!(p, true);
      await p.type(at.input, QUESTION, true);
      await until('the offline note', async () => /offline/i.test(await text(p, at.log)));
      await c.engine.setOffline!(p, false);
      await p.run(`window.dispatchEvent(new Event('online')); return true;`);
      await until('the answer once back online', async () => (await text(p, at.log)).includes(ANSWER));
      const conv = await delivered(c, id, 2);
      unique(conv);
      expectEqual('roles', conv.messages.map((m) => m.role), ['user', 'assistant']);
      await noErrors(p);
    },
  },
  {
    name: 'a server outage and back (chat 503, analytics 503): answered by itself, delivered once',
    async run(c) {
      const p = await c.tab();
      await p.goto(helpCentre(c, 'outage'));
      const id = await conversationId(p);
      await open(p);
      await fault(c, { path: '/v1/chat/completions', status: 503, count: -1 });
      await fault(c, { path: '/conversations', key: c.apiKey, status: 503, count: -1 });
      await p.type(at.input, QUESTION, true);
      await until('the trouble note', async () => /having trouble|busy/i.test(await text(p, at.log)));
      await clearFaults(c);
      await until('the answer after the outage', async () => (await text(p, at.log)).includes(ANSWER), 90_000);
      const conv = await delivered(c, id, 2);
      unique(conv);
      expectEqual('roles', conv.messages.map((m) => m.role), ['user', 'assistant']);
      await noErrors(p);
    },
  },
  ...Object.entries(BLOCKED_COMBINATIONS).map(
    ([label, names]): Scenario => ({
      name: `${label} blocked: the panel opens, an answer streams, history says what it keeps, nothing thrown`,
      async run(c) {
        const p = await c.tab();
        await p.goto(helpCentre(c, `blocked-${names.join('-')}`, names));
        const id = await conversationId(p);
        await open(p);
        await ask(p, QUESTION);
        await delivered(c, id, 2);
        await p.click(at.conversations);
        const notKept = await until('the conversations view', async () => {
          const t = await text(p, [W, '[role="dialog"]']);
          return t.includes(QUESTION) ? { note: t.includes(NOT_KEPT) } : null;
        });
        expectEqual('the "not kept" note', notKept.note, names.includes('indexedDB'));
        await noErrors(p);
      },
    }),
  ),
];

/** A fresh key per scenario, so the collector's faults and reads are the scenario's own. */
export const newKey = () => `test-${randomUUID()}`;

/** Empties the site's data in this browser profile (cookies, both storages, IndexedDB), between scenarios. */
export async function resetSiteData(p: EnginePage, site: Site): Promise<void> {
  await p.goto(site.page('reset.html', '<!doctype html><title>reset</title>'));
  await p.run(`
    localStorage.clear(); sessionStorage.clear();
    for (const c of document.cookie.split(/;\\s*/)) if (c) document.cookie = c.split('=')[0] + '=; Max-Age=0; Path=/';
    for (const d of await indexedDB.databases()) await new Promise((r) => { const q = indexedDB.deleteDatabase(d.name); q.onsuccess = q.onerror = q.onblocked = () => r(); });
    return true;`);
}
