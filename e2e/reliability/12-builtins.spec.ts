/**
 * Family 12: the page's built-ins, enumerated from the built bundles. The plan (made once per run):
 * every member of a real Chromium realm (builtins-page.ts) that the built bundles name (builtins.ts),
 * then a traced clean run of the flows tells which of them the flows actually read, and which keys
 * the browser reads from the dictionaries we hand it. Each reached member is then broken before any
 * page script (missing, returning garbage, throwing), in batches (group testing: a batch that holds
 * clears the members it read; one that fails is halved), and each dictionary key polluted as a getter
 * on Object.prototype; in each run the widget asks a question and the logger appends two messages and
 * flushes, then a clean reload of the same site must continue the conversation and deliver everything
 * once, unaltered (ledger.ts counts it into the reliability summary).
 * BUILTINS_ONLY=<regexp of ids>, BUILTINS_BATCH=<n>, BUILTINS_VERBOSE=1 narrow and explain a run.
 */
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, LEDGER_DIR } from './ledger.ts';
import { PLAN_FILE, PLAN_LOCK, SCRIPT_TAG_DIR } from './global-setup.ts';
import { BUNDLE_DIR } from '../global-setup.ts';
import { READ_AUTH, routeBlank } from '../fixtures.ts';
import { hostHtml, sseBody, ui } from '../widget-helpers.ts';
import { garbageOf, installBreak, installHarness, installTrace, keyLabel, realmMembers, realmOwners, resolveMember, type Mode, type RealmMember, type TraceOut } from './builtins-page.ts';
import { bundleReferences, isEcmaScriptOwner, referencedMembers, type Candidate } from './builtins.ts';
import { CHECKS } from '../../src/core/realm-check.ts';

// Playwright's trace snapshotter runs in the page's own world and uses its built-ins (Array.prototype.some,
// Array.from in a MutationObserver): with a broken one it throws into the page, and we would count its errors as ours.
test.use({ trace: 'off' });

const PAGE_LIB = [realmOwners, keyLabel, resolveMember, realmMembers, garbageOf].map(String).join('\n');
const script = (fn: (...a: never[]) => unknown, arg?: unknown) => `${PAGE_LIB}\n(${String(fn)})(${arg === undefined ? '' : JSON.stringify(arg)});`;

/** The npm core bundle and the chunks it imports statically. */
function npmCoreFiles(): string[] {
  const out: string[] = [];
  const visit = (name: string) => {
    const file = join(BUNDLE_DIR, name);
    if (out.includes(file)) return;
    out.push(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/from "\.\/([\w.-]+\.js)"/g)) visit(m[1]!);
  };
  visit('core.js');
  return out;
}
const BUNDLES = () => [...['support-copilot.js', 'support-copilot-core.js', 'support-copilot-work.js', 'support-copilot-panel.js'].map((f) => join(SCRIPT_TAG_DIR, f)), ...npmCoreFiles()];

async function cdpValue<T>(cdp: CDPSession, expression: string): Promise<T> {
  // A page spinning (an endless loop, errors in every frame) never answers: give up after 10 s (a loaded machine answers in less than 1).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const r = await Promise.race([
    cdp.send('Runtime.evaluate', { expression, returnByValue: true }),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the page did not answer in 10 s')), 10_000))),
  ]).finally(() => clearTimeout(timer));
  if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.text}`);
  return r.result.value as T;
}

const QUESTION = 'How do I install it?';
const LOGGER_TEXTS = ['logger one', 'logger two'];

/** The logger's flow, run by the page itself (a module script): two messages appended, then flush(). */
const loggerFlow = (apiKey: string, analyticsUrl: string) => `
(async () => {
  const h = __scH;
  h.logger = 'start';
  try {
    const { createConversationLogger } = await import('/__test/core.js');
    const l = createConversationLogger({ apiKey: ${JSON.stringify(apiKey)}, analyticsUrl: ${JSON.stringify(analyticsUrl)}, flushDelayMs: 20 });
    const c = l.conversation({});
    h.logger = 'conversation\\u0001' + c.id;
    const a = await c.append({ role: 'user', content: ${JSON.stringify(LOGGER_TEXTS[0])} });
    h.logger += '\\u0001' + a.id;
    const b = await c.append({ role: 'assistant', content: ${JSON.stringify(LOGGER_TEXTS[1])} });
    h.logger += '\\u0001' + b.id;
    await l.flush();
    h.logger += '\\u0001flushed';
  } catch (e) {
    h.logger += '\\u0001failed ' + (e && e.message);
  }
})();`;

/** The answer the routed chat endpoint streams: a date-like string (a JSON reviver's favourite), quotes, escapes, non-ASCII. */
const ANSWER_CHUNKS = ['Add one script tag ', 'before `</body>`: "data-api-key" ', 'since 2024-01-01T00:00:00.000Z, ', 'é ✓ \\ done.'];
const ANSWER = ANSWER_CHUNKS.join('');

/** Routes the host page, the bundles and the chat endpoint for every page of the context. */
async function routeSite(context: BrowserContext, apiKey: string, baseURL: string): Promise<void> {
  await context.route(/\/support-copilot(-core|-panel)?\.js$/, (route) => route.fulfill({ contentType: 'text/javascript', body: readFileSync(`${SCRIPT_TAG_DIR}/${/support-copilot(-core|-panel)?\.js$/.exec(route.request().url())![0]}`) }));
  await context.route('**/__test/**', (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__test/', '');
    if (name === 'host.html') return route.fulfill({ contentType: 'text/html', body: hostHtml({ apiKey, analyticsUrl: baseURL, chatUrl: '/__test/chat', attrs: { 'data-flush-delay-ms': '20' }, after: loggerFlow(apiKey, baseURL) }) });
    if (name === 'clean.html') return route.fulfill({ contentType: 'text/html', body: hostHtml({ apiKey, analyticsUrl: baseURL, chatUrl: '/__test/chat', attrs: { 'data-flush-delay-ms': '20' } }) });
    if (name === 'chat') return route.fulfill({ contentType: 'text/event-stream', body: sseBody(ANSWER_CHUNKS) });
    // A broken URL built-in makes the widget ask for odd names (`undefined`): not found, as a real server says.
    const file = join(BUNDLE_DIR, name);
    if (!/^[\w.-]+$/.test(name) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(file) });
  });
}

interface Shown {
  conversationId: string;
  messageId: string;
  role: string;
  content: string;
}
const parseShown = (s: string): Shown[] =>
  s.split('\u0002').filter(Boolean).map((r) => {
    const [conversationId, messageId, role, content] = r.split('\u0001') as [string, string, string, string];
    return { conversationId, messageId, role, content };
  });

export interface RunResult {
  apiKey: string;
  broken: string[];
  /** indexes (into the run's list) of broken members the run read */
  hit: number[];
  /** errors that reached the hostile page (problems too when the run is strict about them) */
  thrown: string[];
  /** the hostile page completed both flows itself */
  complete: boolean;
  /** what failed the contract (empty: held) */
  problems: string[];
  appended: { conversationId: string; ids: string[]; contents: string[] }[];
  ms: number;
}

const storedMessages = async (context: BrowserContext, id: string) => {
  const res = await context.request.get(`/conversations/${encodeURIComponent(id)}`, { headers: READ_AUTH });
  return res.status() === 200 ? ((await res.json()).messages as { id: string; content: string | null }[]) : [];
};

/**
 * One hostile page (the list broken before any script: the widget asks a question, the logger
 * appends two messages), then, if anything was shown or appended, a clean page of the same site
 * (a reload once the page is fixed): the contract is that nothing thrown reached either page, and
 * that everything shown or appended is delivered once, unaltered, the conversation continues and
 * its question gets its answer (in the hostile page, or at the latest in the clean one).
 */
async function runBroken(browser: Browser, baseURL: string, list: [string, string, Mode][]): Promise<RunResult> {
  const started = Date.now();
  const apiKey = `test-${randomUUID()}`;
  const context = await browser.newContext({ baseURL });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<RunResult>((resolve) => {
    timer = setTimeout(() => {
      const broken = list.map(([o, k, m]) => `${o}.${k} ${m}`);
      // Nothing counted as appended: the run could not tell what was.
      resolve({ apiKey, broken, hit: list.map((_, i) => i), thrown: [], complete: false, problems: ['the run did not finish in 60 s: the page hung'], appended: [], ms: Date.now() - started });
      void context.close().catch(() => {});
    }, 60_000);
  });
  return Promise.race([runIn(context, apiKey, started, baseURL, list), hung]).finally(() => clearTimeout(timer));
}

async function runIn(context: BrowserContext, apiKey: string, started: number, baseURL: string, list: [string, string, Mode][]): Promise<RunResult> {
  const problems: string[] = [];
  const appended: RunResult['appended'] = [];
  // A page that stopped answering once (busy, spinning on errors) is not asked again: each read would wait 5 s more.
  let busy = false;
  const read = async <T>(cdp: CDPSession, e: string, fallback: T): Promise<T> =>
    busy
      ? fallback
      : cdpValue<T>(cdp, e).catch((err) => {
          if ((err as Error).message.includes('did not answer')) busy = true;
          if (process.env.BUILTINS_VERBOSE) console.log(`unreadable: ${(err as Error).message.slice(0, 200)}`);
          return fallback;
        });
  try {
    await routeSite(context, apiKey, baseURL);
    const page = await context.newPage();
    await page.addInitScript({ content: script(installHarness) });
    await page.addInitScript({ content: script(installBreak as never, list) });
    if (process.env.BUILTINS_VERBOSE) page.on('pageerror', (e) => console.log(`pageerror: ${e.stack?.split('\n').slice(0, 9).join(' < ')}`));
    await page.goto('/__test/host.html', { waitUntil: 'domcontentloaded' });
    const cdp = await context.newCDPSession(page);
    const u = ui(page);
    const answered = await (async () => {
      await u.launcher.click({ timeout: 3_000 });
      await u.input.fill(QUESTION, { timeout: 2_000 });
      await u.send.click({ timeout: 2_000 });
      await expect(u.helpful).toBeVisible({ timeout: 3_000 });
    })().then(() => true, () => false);
    const flushed = await expect.poll(() => read(cdp, 'String(__scH.logger)', ''), { timeout: 3_000 }).toMatch(/flushed|failed/).then(() => true, () => false);
    const hostile = {
      uncaught: await read(cdp, '__scH.uncaught', 'harness unreadable'),
      shown: parseShown(await read(cdp, '__scH.messages', '')),
      logger: (await read(cdp, 'String(__scH.logger)', '')).split('\u0001'),
      hit: (await read(cdp, '__scBroken()', '')).split(',').filter(Boolean).map(Number),
      // Whether the page's Web Storage works: the widget keeps its conversation pointer there, so a page without it starts afresh after a reload.
      storage: await read(cdp, `(() => { try { return typeof localStorage.getItem('x') } catch { return 'broken' } })()`, 'broken'),
      // Whether the widget kept its outbox in memory there (IndexedDB unusable): the conversation's history is then not on this device.
      memory: await read(cdp, '__scH.memory', ''),
    };
    const complete = answered && flushed && hostile.logger.includes('flushed');
    // Which broken members it read is unknown then: all are suspects, and the run fails (the page froze).
    if (busy) {
      problems.push('the hostile page stopped answering (its main thread busy for 10 s)');
      hostile.hit = list.map((_, i) => i);
    }
    const thrown = hostile.uncaught ? [`uncaught in the hostile page: ${hostile.uncaught.trim()}`] : [];
    // flush() resolves once every pending document is delivered: a resolved flush with messages still missing is a
    // broken promise (an old library's Array.from that ignores its function made the flusher send nothing, and resolve).
    if (hostile.logger.includes('flushed')) {
      const [, conversationId, ...rest] = hostile.logger;
      const have = new Set((await storedMessages(context, conversationId!)).map((m) => m.id));
      const missing = rest.filter((x) => /^[\w-]{10,}$/.test(x) && !have.has(x));
      if (missing.length) problems.push(`flush() resolved in the hostile page, but ${missing.length} message(s) are not on the collector`);
    }
    await page.close();

    const question = hostile.shown.find((m) => m.role === 'user');
    const answers = hostile.shown.filter((m) => m.role === 'assistant');
    if (question && question.content !== QUESTION) problems.push(`question shown as ${JSON.stringify(question.content)}`);
    const [state, conversationId, ...ids] = hostile.logger;
    const resolved = ids.filter((x) => /^[\w-]{10,}$/.test(x));
    if (state === 'conversation' && conversationId && resolved.length) appended.push({ conversationId, ids: resolved, contents: LOGGER_TEXTS.slice(0, resolved.length) });
    if (question || appended.length) {
      // The site fixed (a reload without the hostile script): the conversation goes on, everything arrives.
      const clean = await context.newPage();
      await clean.addInitScript({ content: script(installHarness) });
      await clean.goto('/__test/clean.html', { waitUntil: 'domcontentloaded' });
      const cc = await context.newCDPSession(clean);
      // Back online: whatever waited out a backoff in the hostile page goes now.
      await clean.evaluate(() => dispatchEvent(new Event('online')));
      if (question) {
        const ready = await expect.poll(() => read(cc, '__scH.ready', ''), { timeout: 4_000 }).not.toBe('').then(() => read(cc, '__scH.ready', ''), () => '');
        // Its history kept only in memory there, the conversation cannot go on here: its next request would replace the
        // server's full list with a partial one, so the widget starts a new one (and `ready` names that one).
        if (hostile.memory && ready === question.conversationId) problems.push(`after a reload the widget continues ${ready}, whose history the hostile page kept only in memory`);
        if (!hostile.memory && ready !== question.conversationId && hostile.storage === 'object') problems.push(`after a reload the widget shows conversation ${ready || '(none)'}, not ${question.conversationId}`);
        if (!answers.length) {
          const cu = ui(clean);
          await cu.launcher.click();
          // The hostile page's attempts failed: the chat waits out their backoff, or (after four, answer-retry-state.ts)
          // for the visitor. Either way it shows why with a Retry, which a visitor presses; how many attempts the
          // hostile page made depends on how fast the machine ran it (a 2-core CI at load made four).
          const retry = cu.dialog.getByRole('button', { name: 'Retry', exact: true });
          if (await expect(cu.helpful.or(retry).first()).toBeVisible({ timeout: 6_000 }).then(() => retry.isVisible(), () => false)) await retry.click({ timeout: 2_000 }).catch(() => {});
          await expect(cu.helpful).toBeVisible({ timeout: 6_000 }).catch(() => problems.push('the question is not answered after a reload'));
          answers.push(...parseShown(await read(cc, '__scH.messages', '')).filter((m) => m.role === 'assistant'));
        }
        for (const a of answers) if (a.content !== ANSWER) problems.push(`answer shown altered: ${JSON.stringify(a.content.slice(0, 80))}`);
        appended.push({ conversationId: question.conversationId, ids: [question.messageId, ...answers.map((a) => a.messageId)], contents: [QUESTION, ...answers.map(() => ANSWER)] });
      }
      for (const a of appended) {
        let stored: { id: string; content: string | null }[] = [];
        const missing = async () => {
          stored = await storedMessages(context, a.conversationId);
          const have = new Set(stored.map((m) => m.id));
          return a.ids.filter((id) => !have.has(id)).length;
        };
        if (!(await expect.poll(missing, { timeout: 6_000 }).toBe(0).then(() => true, () => false))) problems.push(`conversation ${a.conversationId}: ${await missing()} of ${a.ids.length} message(s) not delivered`);
        a.ids.forEach((id, i) => {
          const m = stored.filter((x) => x.id === id);
          if (m.length > 1) problems.push(`message ${id} stored ${m.length} times`);
          else if (m.length === 1 && m[0]!.content !== a.contents[i]) problems.push(`message ${id} stored altered: ${JSON.stringify(m[0]!.content?.slice(0, 80))}`);
        });
      }
      const cleanUncaught = await read(cc, '__scH.uncaught', '');
      if (cleanUncaught) problems.push(`uncaught in the clean page (nothing broken there): ${cleanUncaught.trim()}`);
    }
    return { apiKey, broken: list.map(([o, k, m]) => `${o}.${k} ${m}`), hit: hostile.hit, thrown, complete, problems: [...thrown, ...problems], appended, ms: Date.now() - started };
  } finally {
    await context.close();
  }
}

interface Plan {
  /** members of the realm (owners x own keys) */
  realm: number;
  candidates: Candidate[];
  /** referenced members the browser does not let a page replace (not configurable) */
  fixed: number;
  /** referenced members the flows read, in the order of their first read */
  reached: Candidate[];
  /** keys the browser read from the dictionaries the bundles hand it */
  dictKeys: string[];
  /** property names the bundles read (Object.prototype pollution targets) */
  properties: string[];
}

/** The realm, the bundles' references, and a traced clean run of the flows. */
async function makePlan(browser: Browser, baseURL: string): Promise<Plan> {
  const blank = await browser.newPage();
  await routeBlank(blank);
  await blank.goto(`${baseURL}/__test/blank.html`);
  const realm = (await blank.evaluate(`(() => { ${PAGE_LIB}\nreturn realmMembers(); })()`)) as RealmMember[];
  await blank.close();
  const refs = bundleReferences(BUNDLES());
  const cands = referencedMembers(realm, refs);
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await routeSite(context, `test-${randomUUID()}`, baseURL);
  await page.addInitScript({ content: script(installHarness) });
  await page.addInitScript({ content: script(installTrace as never, cands.map((c) => [c.owner, c.key, !isEcmaScriptOwner(c.owner)])) });
  await page.goto('/__test/host.html');
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill(QUESTION);
  await u.send.click();
  await expect(u.helpful).toBeVisible({ timeout: 60_000 });
  const cdp = await context.newCDPSession(page);
  await expect.poll(() => cdpValue<string>(cdp, 'String(__scH.logger)'), { timeout: 60_000 }).toContain('flushed');
  const t = await cdpValue<TraceOut>(cdp, '__scTrace()');
  expect(parseShown(await cdpValue<string>(cdp, '__scH.messages')).find((m) => m.role === 'assistant')?.content).toBe(ANSWER);
  await context.close();
  return { realm: realm.length, candidates: cands, fixed: t.fixed.length, reached: t.hits.map((i) => cands[i]!), dictKeys: t.dictKeys, properties: [...refs.properties].sort() };
}


/** The plan, made once per run (the first test to need it makes it; the others wait for its file). */
async function sharedPlan(browser: Browser, baseURL: string): Promise<Plan> {
  mkdirSync(LEDGER_DIR, { recursive: true });
  for (;;) {
    if (existsSync(PLAN_FILE)) return JSON.parse(readFileSync(PLAN_FILE, 'utf8')) as Plan;
    try {
      mkdirSync(PLAN_LOCK);
    } catch {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      const p = await makePlan(browser, baseURL);
      writeFileSync(PLAN_FILE, JSON.stringify(p));
      return p;
    } finally {
      rmSync(PLAN_LOCK, { recursive: true, force: true });
    }
  }
}

type Item = [owner: string, key: string, mode: Mode];
interface Verdict {
  item: Item;
  /** held: the contract held with it broken (complete: and the hostile page did everything itself) */
  status: 'held' | 'failed' | 'unreached';
  complete?: boolean;
  problems?: string[];
}

/**
 * Group testing, in the flows' read order (the plan's `reached`): items broken together in batches;
 * a batch that holds clears the items it read, and the items it did not read (a broken member
 * before them stopped a flow) lead the next batch, so each run moves past at least one member; a
 * batch that read nothing is split into single runs (an item unread alone is unreached); a batch
 * that fails is halved until the failing items stand alone.
 */
/**
 * `onRun` is told whether the run is a verdict: a passing run, or one member alone. A failing batch is split
 * and its members run again; what a combination loses (no storage and no fetch at once loses the page's
 * messages, rightly) is no member's verdict, so its messages are not counted in the ledger.
 */
async function groupTest(items: Item[], batchSize: number, run: (batch: Item[]) => Promise<RunResult>, onRun: (r: RunResult, verdict: boolean) => void): Promise<{ verdicts: Verdict[]; runs: number }> {
  const verdicts: Verdict[] = [];
  const queue = [...items];
  const work: Item[][] = [];
  let runs = 0;
  while (work.length || queue.length) {
    const batch = work.length ? work.shift()! : queue.splice(0, batchSize);
    const r = await run(batch);
    runs++;
    onRun(r, r.problems.length === 0 || batch.length === 1);
    const hit = new Set(r.hit);
    const read = batch.filter((_, k) => hit.has(k));
    const unread = batch.filter((_, k) => !hit.has(k));
    if (r.problems.length === 0) {
      for (const item of read) verdicts.push({ item, status: 'held', complete: r.complete });
      if (batch.length === 1) {
        if (unread.length) verdicts.push({ item: batch[0]!, status: 'unreached' });
      } else if (read.length) queue.unshift(...unread);
      else work.push(...unread.map((i) => [i]));
    } else if (batch.length === 1) verdicts.push({ item: batch[0]!, status: 'failed', problems: r.problems });
    else {
      const suspects = read.length ? read : batch;
      if (suspects.length === 1) verdicts.push({ item: suspects[0]!, status: 'failed', problems: r.problems });
      else work.unshift(suspects.slice(0, suspects.length >> 1), suspects.slice(suspects.length >> 1));
      if (read.length) queue.unshift(...unread);
    }
  }
  return { verdicts, runs };
}

test('control: nothing broken, both flows complete in the page and everything arrives once, unaltered', async ({ browser, baseURL, ledger }) => {
  const r = await runBroken(browser, baseURL!, []);
  ledger.useKey(r.apiKey);
  for (const a of r.appended) ledger.appended(a.conversationId, a.ids, a.contents);
  expect(r.problems).toEqual([]);
  expect(r.complete).toBe(true);
  expect(r.appended.map((a) => a.ids.length)).toEqual([2, 2]);
});

// 24 at a time: one run costs about 5 s of a loaded 2-core machine, most batches hold, and a failing one is halved.
const BATCH = Number(process.env.BUILTINS_BATCH ?? 24);
const verbose = (r: RunResult) => {
  if (process.env.BUILTINS_VERBOSE) console.log(`${r.problems.length ? 'FAIL' : 'ok'} ${r.complete ? 'complete' : 'degraded'} ${r.hit.length}/${r.broken.length} read ${(r.ms / 1000).toFixed(1)} s: ${r.broken.join(', ').slice(0, 200)}${[...r.problems, ...r.thrown].map((x) => `\n  ${x.slice(0, 600)}`).join('')}`);
};

/**
 * Missing (a Web API an older browser, a privacy setting or a sandbox lacks) and throwing (a page's broken stub or
 * polyfill): the whole contract, and nothing thrown into the page.
 * Returning garbage (a wrong value of the same type, from before the widget starts): the page never freezes and nothing is
 * thrown into it (the realm check, core/realm-check.ts, refuses to start on the built-ins that end our loops); what such a
 * member alters in the text passing through it (a `trim` that cuts a letter, a `TextDecoder` that drops one) is counted in the
 * ledger, not asserted: no copy taken after the page broke it can be trusted.
 * The default run has missing (every Web API the flows reach, one at a time: about 6 minutes of one worker at load), besides
 * the control and the Object.prototype pollution; BUILTINS_MODES=missing,throws,garbage runs the others too (each about as long).
 */
const MODES = (process.env.BUILTINS_MODES ?? 'missing').split(',');
const itemId = (i: Item) => `${i[0]}.${i[1]} ${i[2]}`;
const contractOf = (mode: Mode) => (problems: string[]) => (mode === 'garbage' ? problems.filter((p) => /stopped answering|did not finish|uncaught/.test(p)) : problems);

for (const mode of ['missing', 'garbage', 'throws'] as const) {
  (MODES.includes(mode) ? test : test.skip)(`every built-in the bundles reference and the flows reach, ${mode === 'throws' ? 'throwing' : mode === 'missing' ? 'missing' : 'returning garbage'} before the widget loads: ${mode === 'garbage' ? 'the page never freezes, nothing thrown into it' : 'nothing lost, duplicated or altered, nothing thrown into the page, the conversation continues'}`, async ({ browser, baseURL, ledger }) => {
    test.setTimeout(1_800_000);
    const p = await sharedPlan(browser, baseURL!);
    const only = process.env.BUILTINS_ONLY ? new RegExp(process.env.BUILTINS_ONLY) : /./;
    // Missing: the Web APIs a browser, a privacy setting or a sandbox may lack. An ECMAScript built-in is in every browser
    // that parses the bundles' ES2022; a page that deletes one is a page that breaks it (throws, garbage).
    const items = p.reached.filter((c) => only.test(c.id) && (mode !== 'missing' || !isEcmaScriptOwner(c.owner))).map((c): Item => [c.owner, c.key, mode]);
    const contract = contractOf(mode);
    const altered: string[] = [];
    const { verdicts, runs } = await groupTest(items, BATCH, async (batch) => {
      const r = await runBroken(browser, baseURL!, batch);
      const kept = contract(r.problems);
      if (kept.length < r.problems.length && batch.length === 1) altered.push(`${itemId(batch[0]!)}: ${r.problems.filter((x) => !kept.includes(x)).join(' | ')}`);
      return { ...r, problems: kept };
    }, (r, verdict) => {
      verbose(r);
      if (!verdict) return;
      ledger.useKey(r.apiKey);
      // Only what the contract holds for is counted as appended (garbage may alter what it carries).
      if (mode !== 'garbage') for (const a of r.appended) ledger.appended(a.conversationId, a.ids, a.contents);
    });
    const count = (s: Verdict['status']) => verdicts.filter((v) => v.status === s).length;
    ledger.note(`${mode}: ${items.length} members (of ${p.candidates.length} the bundles name, ${p.realm} in the realm), ${runs} runs: ${count('held')} held (${verdicts.filter((v) => v.complete).length} complete in the hostile page), ${count('unreached')} unreached when broken, ${count('failed')} failed`);
    if (altered.length) ledger.note(`${mode}: data altered by the broken member itself (not asserted): ${altered.join('; ').slice(0, 2000)}`);
    expect(verdicts.filter((v) => v.status === 'failed').map((v) => `${itemId(v.item)}: ${v.problems!.join(' | ')}`)).toEqual([]);
  });
}

test('every member name the browser read from the dictionaries the bundles hand it (fetch, Request, locks, IndexedDB, events, observers), as a getter on Object.prototype: nothing thrown, lost, duplicated or altered', async ({ browser, baseURL, ledger }) => {
  test.setTimeout(900_000);
  const p = await sharedPlan(browser, baseURL!);
  const items = p.dictKeys.map((k): Item => ['Object.prototype', k, 'pollute']);
  // Pollution of one name cannot undo another's: larger batches, halved on failure as above.
  const { verdicts, runs } = await groupTest(items, BATCH * 2, (batch) => runBroken(browser, baseURL!, batch), (r, verdict) => {
    verbose(r);
    if (!verdict) return;
    ledger.useKey(r.apiKey);
    for (const a of r.appended) ledger.appended(a.conversationId, a.ids, a.contents);
  });
  const count = (s: Verdict['status']) => verdicts.filter((v) => v.status === s).length;
  ledger.note(`plan: ${p.realm} members in the realm, ${p.candidates.length} named by the bundles (${p.fixed} of them not configurable), ${p.reached.length} read by the flows, ${p.dictKeys.length} dictionary keys read by the browser`);
  ledger.note(`pollute: ${items.length} names, ${runs} runs: ${count('held')} held, ${count('unreached')} never read, ${count('failed')} failed`);
  expect(items.length).toBeGreaterThan(10);
  expect(verdicts.filter((v) => v.status === 'failed').map((v) => `Object.prototype.${v.item[1]}: ${v.problems!.join(' | ')}`)).toEqual([]);
});

test('each built-in that ends our loops (core/realm-check.ts), answering so that no loop would end: the widget does not start, the page never freezes, nothing is thrown into it or lost', async ({ browser, baseURL, ledger }) => {
  test.setTimeout(300_000);
  const failed: string[] = [];
  for (const [label] of CHECKS) {
    const dot = label.lastIndexOf('.');
    const item: Item = [label.slice(0, dot), label.slice(dot + 1), 'garbage'];
    const r = await runBroken(browser, baseURL!, [item]);
    verbose(r);
    ledger.useKey(r.apiKey);
    for (const a of r.appended) ledger.appended(a.conversationId, a.ids, a.contents);
    // Read: by the check itself at least (a label that names nothing in the realm would test nothing).
    if (!r.hit.includes(0)) failed.push(`${label}: never read`);
    if (r.problems.length) failed.push(`${label}: ${r.problems.join(' | ')}`);
  }
  // The same page with nothing broken: the widget starts, both flows complete and deliver (the refusals left nothing behind).
  const clean = await runBroken(browser, baseURL!, []);
  ledger.useKey(clean.apiKey);
  for (const a of clean.appended) ledger.appended(a.conversationId, a.ids, a.contents);
  if (!clean.complete || clean.problems.length) failed.push(`nothing broken: ${clean.complete ? '' : 'incomplete '}${clean.problems.join(' | ')}`);
  ledger.note(`loop enders: ${CHECKS.length} built-ins broken one at a time, ${failed.length} failed`);
  expect(failed).toEqual([]);
});
