/**
 * The script tag creates the widget in steps, each in a task of its own (issue 21: no long task
 * on a slow phone): the page gets its main thread back between checking the configuration, moving
 * old storage keys, building the API schemas, creating the logger and session, and the UI
 * (widget/widget.ts). Counted, not timed: how many times the start gave way (scheduler.yield, or
 * a MessageChannel message where the browser has no scheduler.yield) before `support-copilot:ready`,
 * and the widget still works when a page's own scheduler.yield never settles.
 */
import { test, expect } from './fixtures.ts';
import { HostPages, waitReady, ui, watchPage } from './widget-helpers.ts';

// The leading one (not in the task that evaluated the core chunk) and one after each of the four first steps.
const STEP_YIELDS = 5;

const COUNT_YIELDS = `(() => {
  const c = (window.__starts = { yields: 0, atReady: null });
  const y = scheduler.yield.bind(scheduler);
  scheduler.yield = () => (c.yields++, y());
  document.addEventListener('support-copilot:ready', () => (c.atReady = c.yields));
})();`;

const NO_SCHEDULER = `(() => {
  const c = (window.__starts = { yields: 0, atReady: null });
  Object.defineProperty(window, 'scheduler', { value: undefined });
  const post = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function (...a) { c.yields++; return post.apply(this, a); };
  document.addEventListener('support-copilot:ready', () => (c.atReady = c.yields));
})();`;

// A page whose own scheduler.yield (a broken polyfill) never settles.
const STUCK_SCHEDULER = `(() => {
  const c = (window.__starts = { yields: 0, atReady: null });
  scheduler.yield = () => (c.yields++, new Promise(() => {}));
  document.addEventListener('support-copilot:ready', () => (c.atReady = c.yields));
})();`;

const counts = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __starts: { yields: number; atReady: number | null } }).__starts);

for (const [name, init] of [
  ['scheduler.yield', COUNT_YIELDS],
  ['a MessageChannel message where there is no scheduler.yield', NO_SCHEDULER],
  ['a page scheduler.yield that never settles (a timer ends each wait)', STUCK_SCHEDULER],
] as const) {
  test(`the script tag's start gives the page its main thread between its steps: ${name}`, async ({ page, apiKey, baseURL }) => {
    const issues = await watchPage(page);
    await page.addInitScript(init);
    const hp = await HostPages.install(page);
    await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL! }));
    await waitReady(page);
    expect((await counts(page)).atReady).toBe(STEP_YIELDS);
    // Nothing else: the same widget as created in one go.
    const u = ui(page);
    await u.launcher.click();
    await expect(u.dialog).toBeVisible();
    await expect(u.log).toContainText('Hi! How can we help?');
    expect(issues.consoleErrors).toEqual([]);
    expect(issues.pageErrors).toEqual([]);
  });
}
