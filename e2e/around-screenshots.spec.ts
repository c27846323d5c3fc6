/**
 * Writes docs/screenshots/*.png of the views around the chat (issue 13): the Get help menu, the
 * contact form and its sent state, the conversations list, inline mode and an Arabic (RTL) panel,
 * on a desktop (1280x800) and a phone (390x844). Skipped unless UPDATE_SCREENSHOTS=1 (light) or
 * UPDATE_SCREENSHOTS=all (light and dark, the committed set), so ordinary runs never touch the files:
 *   UPDATE_SCREENSHOTS=all E2E_PORT=8815 npx playwright test e2e/answers-screenshots.spec.ts e2e/around-screenshots.spec.ts
 */
import type { Page } from '@playwright/test';
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures.ts';
import { around, askInstall, loadHelpCentre } from './around-helpers.ts';
import { HostPages, hostHtml, sseBody, waitReady, watchPage } from './widget-helpers.ts';

const OUT = join(resolve(import.meta.dirname, '..'), 'docs/screenshots');
const MODE = process.env.UPDATE_SCREENSHOTS;
const SCHEMES = MODE === 'all' ? (['light', 'dark'] as const) : (['light'] as const);

const HOST_STYLE = `<style>body{margin:0;font:16px/1.6 system-ui,sans-serif;color:#1a1d21;background:#f6f7f9}main{max-width:760px;margin:0 auto;padding:48px 24px}
h1{font-size:32px;margin:0 0 8px}.card{background:#fff;border:1px solid #e3e6ea;border-radius:12px;padding:20px;margin:16px 0}
@media(prefers-color-scheme:dark){:root{color-scheme:light dark}body{background:#101216;color:#e9ebee}.card{background:#1a1d22;border-color:#2c3038}}</style>`;
const ARTICLES = `<div class="card"><h2>Getting started</h2><p>Install the agent, connect your repository and deploy your first app in minutes.</p></div>
<div class="card"><h2>Billing and plans</h2><p>Change plans, download invoices and manage payment methods.</p></div>`;

async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

for (const [device, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  for (const scheme of SCHEMES) {
    test.describe(`${device} ${scheme}`, () => {
      test.use({ viewport, deviceScaleFactor: 1, colorScheme: scheme, ...(device === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
      test.skip(!MODE, 'set UPDATE_SCREENSHOTS=1 to regenerate docs/screenshots/');
      const suffix = `${device}-${scheme}`;

      test(`views around the chat (${suffix})`, async ({ page, apiKey, baseURL }) => {
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await loadHelpCentre(page, apiKey, baseURL!, {
          body: `${HOST_STYLE}${ARTICLES}`,
          extra: `theme: 'auto', user: { id: 'u_42', name: 'Ada Lovelace', email: 'ada@example.com' },`,
        });
        const a = around(page);
        await askInstall(page);
        await a.getHelp.click();
        await expect(a.menu).toBeVisible();
        await shoot(page, `get-help-menu-${suffix}`);
        await a.menu.getByRole('button', { name: 'Contact support' }).click();
        await expect(a.contactHeading).toBeVisible();
        await a.description.fill('The install guide did not help: our CSP blocks the script tag.');
        await shoot(page, `contact-form-${suffix}`);
        await a.submit.click();
        await expect(a.submission).toContainText('Your request number is');
        await shoot(page, `contact-sent-${suffix}`);
        await a.back.click();
        await a.newConversation.click();
        await a.input.fill('Can I change my plan in the middle of the month?');
        await a.input.press('Enter');
        await expect(a.helpful.first()).toBeVisible();
        await a.conversations.click();
        await expect(a.dialog.getByRole('listitem')).toHaveCount(2);
        await shoot(page, `conversations-${suffix}`);
      });

      test(`inline mode (${suffix})`, async ({ page, apiKey, baseURL }) => {
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await watchPage(page);
        const hp = await HostPages.install(page);
        const height = device === 'phone' ? 620 : 560;
        await page.goto(
          hp.host('inline.html', {
            apiKey,
            analyticsUrl: baseURL!,
            attrs: { 'data-mode': 'inline', 'data-container': '#ask' },
            body: `${HOST_STYLE}<p>Ask our assistant, or browse the guides below.</p><div id="ask" style="height:${height}px"></div>${ARTICLES}`,
          }),
        );
        await waitReady(page);
        const region = page.getByRole('region', { name: 'Support' });
        const input = region.getByRole('textbox', { name: 'Ask a question' });
        await input.fill('How do I install it?');
        await input.press('Enter');
        await expect(region.getByRole('button', { name: 'Helpful', exact: true })).toBeVisible();
        await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => Promise<void> }).SupportCopilot('flush'));
        await shoot(page, `inline-${suffix}`);
      });

      test(`Arabic, right to left (${suffix})`, async ({ page, apiKey, baseURL }) => {
        await page.emulateMedia({ reducedMotion: 'reduce' });
        await page.route('**/v1/chat/completions', (route) =>
          route.fulfill({ contentType: 'text/event-stream', body: sseBody(['أضف وسم script واحدًا قبل نهاية ', 'الصفحة. راجع [دليل التثبيت](https://example.com/install).']) }),
        );
        await watchPage(page);
        const hp = await HostPages.install(page);
        hp.pages.set('ar.html', {
          body: hostHtml({ apiKey, analyticsUrl: baseURL!, body: `${HOST_STYLE}<div class="card"><h2>البدء</h2><p>ثبّت الأداة واربط مستودعك وانشر تطبيقك الأول في دقائق.</p></div>` })
            .replace('<html lang="en">', '<html lang="ar" dir="rtl">')
            .replace('<h1>Host page</h1><p>Some host content.</p>', '<h1>مركز المساعدة</h1><p>أدلة وإجابات لمنتجاتنا.</p>'),
          contentType: 'text/html; charset=utf-8',
        });
        await page.goto('/__test/ar.html');
        await waitReady(page);
        await page.getByRole('button', { name: 'افتح محادثة الدعم' }).click();
        const dialog = page.getByRole('dialog', { name: 'الدعم' });
        const input = dialog.getByRole('textbox', { name: 'اطرح سؤالًا' });
        await input.fill('كيف أثبّت الأداة على موقعي؟');
        await input.press('Enter');
        await expect(dialog.getByRole('button', { name: 'مفيدة', exact: true })).toBeVisible();
        await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => Promise<void> }).SupportCopilot('flush'));
        await shoot(page, `arabic-rtl-${suffix}`);
      });
    });
  }
}
