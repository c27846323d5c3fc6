/**
 * Host-page cost of the script tag, against a bare Preact-in-Shadow-DOM script on the same page.
 * Per run (fresh browser context = a first visit, page served from the collector's origin):
 *  - launcher painted: navigation start -> the first frame after the launcher button is in the
 *    DOM (requestAnimationFrame, then a MessageChannel task, which runs after that frame's paint);
 *  - main-thread script time (CDP Performance.getMetrics ScriptDuration) from navigation until
 *    the widget is ready (+300 ms), against the same window on the peer page and a blank page;
 *  - long tasks (PerformanceObserver 'longtask', > 50 ms) in that window, and during the first open
 *    of the panel (chunk load + Preact render), which is also timed.
 * Medians over the runs, after one warm-up run of each page. Then the same loads again with the CPU
 * throttled 4x (CDP Emulation.setCPUThrottlingRate) for long tasks on a slow device; each of those
 * is attributed to the longest script in it (Long Animation Frame entries: file, entry point kind),
 * and counted apart when one of our files ran in it.
 * Nothing of Playwright's runs in the page during the window (no waitForFunction: its injected
 * script was itself a long task at 4x); the page says "painted" and "ready" on the console.
 */
import { barePreactBundle, html, js, launchChromium, median, readDist, routeBench, HOST_CONTENT, sleep } from './lib.mjs';

const INIT = `(() => {
  const b = (window.__bench = { longtasks: [], loafs: [], painted: null, inDom: null, ready: null });
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
    // Which scripts ran in them: Long Animation Frames list each script's file, entry point and time.
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        b.loafs.push({ start: e.startTime, duration: e.duration, scripts: e.scripts.map((s) => ({ start: s.startTime, duration: s.duration, url: s.sourceURL.split('/').pop(), fn: s.sourceFunctionName, invoker: s.invokerType })) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  // Said on the console, which the bench listens to: page.waitForFunction would inject Playwright's
  // own script into the page, itself a long task at 4x throttling, inside the measured window.
  const say = (what) => console.debug('__bench ' + what);
  document.addEventListener('support-copilot:ready', () => ((b.ready = performance.now()), say('ready')));
  const launcher = () => document.querySelector('[data-support-copilot]')?.shadowRoot?.querySelector('button');
  const check = () => {
    if (b.inDom !== null || !launcher()) return;
    b.inDom = performance.now();
    mo.disconnect();
    requestAnimationFrame(() => {
      const c = new MessageChannel();
      c.port1.onmessage = () => ((b.painted = performance.now()), say('painted'));
      c.port2.postMessage(0);
    });
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true });
})();`;

/**
 * What ran in a long task: the longest script the Long Animation Frame entries place inside it
 * (its file, entry point kind and time), or 'no script' (style, layout, parsing, or a harness
 * script in an isolated world, which the entries do not list).
 */
function attribute(task, loafs) {
  const end = task.start + task.duration;
  const scripts = loafs.flatMap((f) => f.scripts).filter((s) => s.start >= task.start - 1 && s.start < end);
  const ours = scripts.some((s) => s.url.startsWith('support-copilot'));
  const top = scripts.sort((a, b) => b.duration - a.duration)[0];
  return { ours, top: top ? `${top.url || '(inline)'} ${top.invoker}${top.fn ? ` ${top.fn}` : ''} ${Math.round(top.duration)} ms` : 'no script' };
}

async function onePage(browser, origin, kind, files, throttle = 1) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(INIT);
  const page = await context.newPage();
  await routeBench(page, files);
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const before = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const said = (what) => {
    const p = page.waitForEvent('console', { predicate: (m) => m.text() === `__bench ${what}`, timeout: 20_000 });
    p.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
    return p;
  };
  const painted = kind !== 'blank' && said('painted');
  const ready = kind === 'widget' && said('ready');
  await page.goto(`${origin}/__bench/${kind}.html`, { waitUntil: 'load' });
  await painted;
  await ready;
  await sleep(300);
  const after = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const b = await page.evaluate(() => ({ ...window.__bench, now: performance.now() }));
  const r = {
    inDom: b.inDom,
    painted: b.painted,
    ready: b.ready,
    scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
    taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
    longtasks: b.longtasks.filter((t) => t.duration > 50).map((t) => ({ ...t, by: attribute(t, b.loafs) })),
  };
  if (kind === 'widget' && throttle === 1) {
    // First open: the panel chunk (a second script) and its Preact render.
    const lt0 = b.longtasks.length;
    r.openMs = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const root = document.querySelector('[data-support-copilot]').shadowRoot;
          const t0 = performance.now();
          root.querySelector('button').click();
          const wait = () => {
            if (!root.querySelector('[role="dialog"]')) return requestAnimationFrame(wait);
            requestAnimationFrame(() => {
              const c = new MessageChannel();
              c.port1.onmessage = () => resolve(performance.now() - t0);
              c.port2.postMessage(0);
            });
          };
          wait();
        }),
    );
    await sleep(300);
    r.openLongtasks = (await page.evaluate(() => window.__bench.longtasks)).slice(lt0).filter((t) => t.duration > 50);
  }
  await context.close();
  return r;
}

export async function hostPage({ origin, runs = 9, browser: given } = {}) {
  const browser = given ?? (await launchChromium());
  const files = {
    'support-copilot.js': js(readDist('support-copilot.js')),
    'support-copilot-core.js': js(readDist('support-copilot-core.js')),
    'support-copilot-work.js': js(readDist('support-copilot-work.js')),
    'support-copilot-panel.js': js(readDist('support-copilot-panel.js')),
    'bare-preact.js': js(await barePreactBundle()),
    'widget.html': html(`${HOST_CONTENT}<script async src="/__bench/support-copilot.js" data-api-key="bench-host" data-analytics-url="${origin}"></script>`),
    'preact.html': html(`${HOST_CONTENT}<script async src="/__bench/bare-preact.js"></script>`),
    'blank.html': html(HOST_CONTENT),
  };
  const kinds = ['widget', 'preact', 'blank'];
  const res = { widget: [], preact: [], blank: [] };
  for (const k of kinds) await onePage(browser, origin, k, files); // warm-up
  for (let i = 0; i < runs; i++) {
    // Rotate the order so drift in machine load spreads over all three.
    for (let j = 0; j < kinds.length; j++) {
      const k = kinds[(i + j) % kinds.length];
      res[k].push(await onePage(browser, origin, k, files));
    }
  }
  // The same loads with the CPU throttled 4x (CDP), for long tasks on a slow device.
  const slow = { widget: [], preact: [], blank: [] };
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < kinds.length; j++) {
      const k = kinds[(i + j) % kinds.length];
      slow[k].push(await onePage(browser, origin, k, files, 4));
    }
  }
  if (!given) await browser.close();
  const slowCount = (k) => slow[k].reduce((n, r) => n + r.longtasks.length, 0);
  const slowMax = (k) => Math.max(0, ...slow[k].flatMap((r) => r.longtasks.map((t) => t.duration)));
  // Throttled long tasks on the widget page with one of our scripts in them, and what ran in each.
  const slowOurs = slow.widget.flatMap((r) => r.longtasks.filter((t) => t.by.ours));
  const slowBy = (k) => slow[k].flatMap((r) => r.longtasks.map((t) => `${Math.round(t.duration)} ms: ${t.by.top}`));
  const med = (k, f) => median(res[k].map(f));
  const count = (k, f) => res[k].reduce((n, r) => n + f(r).length, 0);
  const maxLt = (k, f) => Math.max(0, ...res[k].flatMap((r) => f(r).map((t) => t.duration)));
  return {
    runs,
    launcherPaintedMs: med('widget', (r) => r.painted),
    preactPaintedMs: med('preact', (r) => r.painted),
    launcherInDomMs: med('widget', (r) => r.inDom),
    preactInDomMs: med('preact', (r) => r.inDom),
    widgetReadyMs: med('widget', (r) => r.ready),
    widgetScriptMs: med('widget', (r) => r.scriptMs),
    preactScriptMs: med('preact', (r) => r.scriptMs),
    blankScriptMs: med('blank', (r) => r.scriptMs),
    widgetTaskMs: med('widget', (r) => r.taskMs),
    preactTaskMs: med('preact', (r) => r.taskMs),
    blankTaskMs: med('blank', (r) => r.taskMs),
    longtasksWidget: count('widget', (r) => r.longtasks),
    longtasksPreact: count('preact', (r) => r.longtasks),
    longtasksBlank: count('blank', (r) => r.longtasks),
    longestWidgetMs: maxLt('widget', (r) => r.longtasks),
    longestBlankMs: maxLt('blank', (r) => r.longtasks),
    firstOpenMs: med('widget', (r) => r.openMs),
    longtasksOpen: count('widget', (r) => r.openLongtasks),
    longestOpenMs: maxLt('widget', (r) => r.openLongtasks),
    slowLongtasksWidget: slowCount('widget'),
    slowLongtasksPreact: slowCount('preact'),
    slowLongtasksBlank: slowCount('blank'),
    slowLongestWidgetMs: slowMax('widget'),
    slowLongestPreactMs: slowMax('preact'),
    slowLongestBlankMs: slowMax('blank'),
    slowLongtasksOurs: slowOurs.length,
    slowLongestOursMs: Math.max(0, ...slowOurs.map((t) => t.duration)),
    slowAttribution: { widget: slowBy('widget'), preact: slowBy('preact'), blank: slowBy('blank') },
    slowPaintedMs: median(slow.widget.map((r) => r.painted)),
    slowPreactPaintedMs: median(slow.preact.map((r) => r.painted)),
    raw: { res, slow },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startCollector } = await import('./lib.mjs');
  const c = await startCollector();
  try {
    const r = await hostPage({ origin: c.url, runs: Number(process.argv[2] ?? 5) });
    delete r.raw;
    console.log(r);
  } finally {
    await c.stop();
  }
}
