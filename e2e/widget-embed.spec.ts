/**
 * The script-tag entry (`/support-copilot.js`): the tag alone, the tag with the queue stub (calls
 * made before load run in order), bad configuration (readable error naming the field, nothing
 * rendered, the host page's own scripts still run), destroy and init again through commands.
 */
import { test, expect } from './fixtures.ts';
import { HostPages, watchPage, waitReady, scEvents, ui } from './widget-helpers.ts';

test('the script tag alone (no stub) mounts the launcher and opens the panel', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL! }));
  await waitReady(page);
  const u = ui(page);
  await expect(u.host).toHaveCount(1);
  await expect(u.launcher).toBeVisible();
  await expect(u.dialog).toBeHidden();
  expect(await page.evaluate(() => (window as unknown as { SupportCopilot: { loaded: boolean } }).SupportCopilot.loaded)).toBe(true);
  await u.launcher.click();
  await expect(u.dialog).toBeVisible();
  await expect(u.input).toBeFocused();
  await expect(u.log).toContainText('Hi! How can we help?');
  // After load, commands run at once.
  await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => void }).SupportCopilot('close'));
  await expect(u.dialog).toBeHidden();
  await expect(u.launcher).toBeVisible();
  // The shadow root is open and is the only thing added to the page.
  expect(await page.evaluate(() => !!document.querySelector('[data-support-copilot]')?.shadowRoot)).toBe(true);
  expect(issues.consoleErrors).toEqual([]);
  expect(issues.pageErrors).toEqual([]);
});

test('with the stub, calls made before load run in order once it loads', async ({ page, apiKey, baseURL, collector }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  // Hold the bundle until every call is queued, so they are surely made before load.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/support-copilot.js', async (route) => {
    await held;
    await route.continue();
  });
  const before = `
    window.seen = [];
    SupportCopilot('open'); // before init: runs right after it
    SupportCopilot('init', { apiKey: ${JSON.stringify(apiKey)}, analyticsUrl: ${JSON.stringify(baseURL)} });
    SupportCopilot('on', '*', function (e) { window.seen.push(e.eventName); });
    SupportCopilot('close');
    SupportCopilot('toggle');
    SupportCopilot('logMessage', { role: 'user', content: 'first (cookied)' });
    SupportCopilot('logMessage', { role: 'user', content: 'second (cookied)' });
    SupportCopilot('identify', { id: 'u_42', email: 'ada@example.com', name: 'Ada' });
    SupportCopilot('logMessage', { role: 'user', content: 'third (identified)' });
    SupportCopilot('init', { theme: 'dark' }); // init twice: an update
    window.queuedBeforeLoad = SupportCopilot.q.length;`;
  await page.goto(hp.host('host.html', { stub: true, before, chatUrl: '' }), { waitUntil: 'domcontentloaded' });
  expect(await page.evaluate(() => (window as unknown as { queuedBeforeLoad: number }).queuedBeforeLoad)).toBe(10);
  expect(await page.locator('[data-support-copilot]').count()).toBe(0);
  release();
  const u = ui(page);
  // open (queued before init) -> close -> toggle: ends open.
  await expect(u.dialog).toBeVisible();
  await expect(u.log).toContainText('third (identified)');
  const texts = await u.log.locator('.msg .bub').allTextContents();
  expect(texts).toEqual(['first (cookied)', 'second (cookied)', 'third (identified)']);
  // The listener was added after the first open, so it saw close then open.
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen.filter((n) => n.startsWith('modal_')))).toEqual(['modal_closed', 'modal_opened']);
  // The second init was an update: the dark theme applies.
  await expect(page.locator('[data-support-copilot]').locator('.root')).toHaveAttribute('data-theme', 'dark');

  const conversationId = await waitReady(page);
  await expect.poll(async () => (await collector.conversation(conversationId))?.messages.length ?? 0).toBe(3);
  const stored = (await collector.conversation(conversationId))! as unknown as { messages: { content: string; userProperties: { id: unknown; identificationType: string } }[] };
  expect(stored.messages.map((m) => m.content)).toEqual(['first (cookied)', 'second (cookied)', 'third (identified)']);
  // identify ran between the second and third logMessage.
  expect(stored.messages.map((m) => m.userProperties.identificationType)).toEqual(['COOKIED', 'COOKIED', 'ID_PROVIDED']);
  expect(stored.messages[2]!.userProperties.id).toBe('u_42');
  expect(issues.consoleErrors).toEqual([]);
  expect(issues.pageErrors).toEqual([]);
});

test('bad config through the stub logs a readable error naming the field, renders nothing, host script runs', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  const before = `SupportCopilot('init', { apiKey: '' });`;
  const after = `window.hostRan = (window.hostRan || 0) + 1; window.addEventListener('load', function () { window.hostRan += 1; document.body.dataset.hostLoaded = 'yes'; });`;
  await page.goto(hp.host('host.html', { stub: true, before, after, apiKey, analyticsUrl: baseURL! }));
  await expect(page.locator('body')).toHaveAttribute('data-host-loaded', 'yes');
  await expect.poll(() => issues.consoleErrors.length).toBeGreaterThan(0);
  expect(issues.consoleErrors.join('\n')).toMatch(/\[SupportCopilot\].*apiKey/);
  expect(issues.consoleErrors.join('\n')).toMatch(/required/);
  expect(await page.evaluate(() => (window as unknown as { hostRan: number }).hostRan)).toBe(2);
  await page.waitForTimeout(300);
  await expect(page.locator('[data-support-copilot]')).toHaveCount(0);
  await expect(ui(page).launcher).toHaveCount(0);
  expect(issues.pageErrors).toEqual([]);
  // The error is also a DOM event, and later commands do not throw into the host.
  expect((await scEvents(page)).filter((e) => e.type === 'error').length).toBeGreaterThan(0);
  expect(await page.evaluate(() => { (window as unknown as { SupportCopilot: (c: string) => void }).SupportCopilot('open'); return 'ok'; })).toBe('ok');
  expect(issues.pageErrors).toEqual([]);
});

test('an option refused alone and then a config that fails: a readable error, and the page keeps running (no loop of early reports)', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  // primaryColor is refused alone (reported before the event bus exists), then inline mode without a container fails the config.
  const before = `SupportCopilot('init', { primaryColor: 'url(https://tracker.example/p)', mode: 'inline' });`;
  await page.goto(hp.host('refused.html', { stub: true, before, apiKey, analyticsUrl: baseURL! }));
  await expect.poll(() => issues.consoleErrors.join('\n')).toMatch(/container/);
  expect(issues.consoleErrors.join('\n')).toMatch(/primaryColor/);
  // A page whose microtask queue never empties never answers this.
  expect(await page.evaluate(() => new Promise((r) => setTimeout(() => r('still running'), 50)))).toBe('still running');
  await expect(page.locator('[data-support-copilot]')).toHaveCount(0);
  expect(issues.pageErrors).toEqual([]);
});

test('a container that is not a valid CSS selector: reported naming container, and the widget works in the page body', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('bad-selector.html', { stub: true, before: `SupportCopilot('init', { container: '#' });`, apiKey, analyticsUrl: baseURL! }));
  await expect.poll(async () => (await scEvents(page)).filter((e) => e.type === 'error').map((e) => (e.detail as { message: string }).message).join('\n')).toMatch(/container: no element matches #/);
  await ui(page).launcher.click();
  await expect(ui(page).dialog).toBeVisible();
  expect(issues.pageErrors).toEqual([]);
});

test('a bad data-open="maybe" attribute logs an error naming data-open, renders nothing, host script runs', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  const after = `window.addEventListener('load', function () { document.body.dataset.hostLoaded = 'yes'; });`;
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, attrs: { 'data-open': 'maybe' }, after }));
  await expect(page.locator('body')).toHaveAttribute('data-host-loaded', 'yes');
  await expect.poll(() => issues.consoleErrors.length).toBeGreaterThan(0);
  expect(issues.consoleErrors.join('\n')).toContain('data-open');
  expect(issues.consoleErrors.join('\n')).toContain('maybe');
  await page.waitForTimeout(300);
  await expect(page.locator('[data-support-copilot]')).toHaveCount(0);
  expect(issues.pageErrors).toEqual([]);
});

test("SupportCopilot('destroy') removes the widget and a later init mounts it again", async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL! }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await expect(u.dialog).toBeVisible();
  await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => void }).SupportCopilot('destroy'));
  await expect(page.locator('[data-support-copilot]')).toHaveCount(0);
  await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string, o?: object) => void }).SupportCopilot('init', { open: true }));
  await expect(page.locator('[data-support-copilot]')).toHaveCount(1);
  await expect(u.dialog).toBeVisible();
  expect(issues.consoleErrors).toEqual([]);
  expect(issues.pageErrors).toEqual([]);
});
