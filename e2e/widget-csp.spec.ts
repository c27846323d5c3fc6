/**
 * A host page under a strict Content-Security-Policy (no inline script or style, same-origin only):
 * the widget loads, opens, answers, sends feedback and delivers, with no violation reported.
 */
import { test, expect } from './fixtures.ts';
import { HostPages, scriptTag, watchPage, waitReady, violations, ui, shownMessages, INSTALL_ANSWER, INSTALL_LINK } from './widget-helpers.ts';

const CSP = "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'";

test('strict CSP: the widget works and no CSP violation or console error is reported', async ({ page, apiKey, baseURL, collector }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  // The host's own code is an external script too (inline scripts are blocked here).
  hp.file('host.js', `window.addEventListener('load', function () { document.body.setAttribute('data-host-loaded', 'yes'); });`, 'text/javascript');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CSP host</title></head>
<body><main><h1>Strict CSP host</h1></main>
${scriptTag({ apiKey, analyticsUrl: baseURL!, attrs: { 'data-primary-color': '#7b1fa2', 'data-theme': 'dark' } })}
<script src="/__test/host.js"></script>
</body></html>`;
  const path = hp.file('csp.html', html, 'text/html; charset=utf-8', { 'Content-Security-Policy': CSP });
  const response = await page.goto(path);
  expect(response?.headers()['content-security-policy']).toBe(CSP);
  // The policy is in force: an inline script is refused (and reported).
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineProbe = 1';
    document.body.append(s);
  });
  await expect.poll(() => violations(page)).toHaveLength(1);
  expect(await page.evaluate(() => (window as unknown as { __inlineProbe?: number }).__inlineProbe)).toBeUndefined();
  await expect(page.locator('body')).toHaveAttribute('data-host-loaded', 'yes');

  await waitReady(page);
  const u = ui(page);
  // The CSSOM custom property survives the policy.
  await u.launcher.click();
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.log).toContainText(INSTALL_ANSWER);
  await expect(u.log.getByRole('link', { name: INSTALL_LINK, exact: true })).toBeVisible();
  await u.helpful.click();
  const [, assistant] = await shownMessages(page);
  await expect.poll(async () => (await collector.feedback()).some((f) => f.messageId === assistant!.messageId)).toBe(true);
  await expect.poll(async () => (await collector.conversation(assistant!.conversationId))?.messages.length).toBe(2);
  // Styles applied (constructable stylesheets are not blocked by style-src).
  const bg = await u.send.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(bg).toBe('rgb(123, 31, 162)');
  await u.close.click();
  await page.reload();
  await waitReady(page);
  await u.launcher.click();
  await expect(u.log).toContainText(INSTALL_ANSWER);

  // Only the probe above violated the policy.
  const all = await violations(page);
  expect(all.filter((v) => !v.includes('__inlineProbe'))).toEqual([]);
  expect(issues.consoleErrors.filter((e) => !/inline script/i.test(e))).toEqual([]);
  expect(issues.pageErrors).toEqual([]);
});
