/**
 * Languages (issue 13 item 8) and page context (item 7): the page's `lang` picks the pack, an
 * Arabic page renders right to left, `locale: 'ja'` shows Japanese, `strings` still override, and
 * packs are separate files, never in the script-tag bundle. Each question records the page it was
 * asked on (`properties.page`), without the query string unless allowed, following SPA navigation.
 */
import type { Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { HostPages, hostHtml, ui, waitReady, watchPage, type HostOptions } from './widget-helpers.ts';

async function load(page: Page, name: string, o: HostOptions, lang = 'en'): Promise<void> {
  await watchPage(page);
  const hp = await HostPages.install(page);
  hp.pages.set(name, { body: hostHtml(o).replace('<html lang="en">', `<html lang="${lang}">`), contentType: 'text/html; charset=utf-8' });
  await page.goto(`/__test/${name}`);
  await waitReady(page);
}

test('an Arabic page gets the Arabic pack, right to left', async ({ page, apiKey, baseURL }) => {
  const packs: string[] = [];
  page.on('request', (r) => /support-copilot-locale-/.test(r.url()) && packs.push(new URL(r.url()).pathname));
  await load(page, 'ar.html', { apiKey, analyticsUrl: baseURL! }, 'ar-EG');
  const launcher = page.getByRole('button', { name: 'افتح محادثة الدعم' });
  await expect(launcher).toBeVisible();
  expect(packs).toEqual(['/support-copilot-locale-ar.js']);
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'الدعم' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'اطرح سؤالًا' })).toBeFocused();
  expect(await dialog.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  expect(await page.locator('[data-support-copilot] .root').getAttribute('lang')).toBe('ar');
  // Mirrored: the title starts at the right, the header buttons sit at the left.
  const title = (await dialog.getByRole('heading', { name: 'الدعم' }).boundingBox())!;
  const close = (await dialog.getByRole('button', { name: 'أغلق المحادثة' }).boundingBox())!;
  expect(close.x).toBeLessThan(title.x);
  // A question of the visitor sits on the left in RTL.
  const input = dialog.getByRole('textbox', { name: 'اطرح سؤالًا' });
  await input.fill('كيف أثبّت الأداة؟');
  await input.press('Enter');
  const bubble = (await dialog.locator('.msg.user').boundingBox())!;
  const panel = (await dialog.boundingBox())!;
  expect(bubble.x - panel.x).toBeLessThan(panel.x + panel.width - (bubble.x + bubble.width));
});

test('locale "ja" shows Japanese; `strings` still override; English pages load no pack', async ({ page, apiKey, baseURL }) => {
  const packs: string[] = [];
  page.on('request', (r) => /support-copilot-locale-/.test(r.url()) && packs.push(new URL(r.url()).pathname));
  await load(page, 'ja.html', { apiKey, analyticsUrl: baseURL!, stub: true, before: `SupportCopilot('init', { strings: { title: 'アクメ サポート' } });`, attrs: { 'data-locale': 'ja' } });
  await page.getByRole('button', { name: 'サポートチャットを開く' }).click();
  const dialog = page.getByRole('dialog', { name: 'アクメ サポート' });
  await expect(dialog.getByRole('textbox', { name: '質問する' })).toHaveAttribute('placeholder', '質問を入力してください…');
  await expect(dialog.getByRole('button', { name: '新しい会話' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: '会話履歴' })).toBeVisible();
  expect(await dialog.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
  expect(packs).toEqual(['/support-copilot-locale-ja.js']);
  // Switching at run time: back to English, no pack needed.
  await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string, o: unknown) => void }).SupportCopilot('update', { locale: 'en' }));
  await expect(page.getByRole('dialog', { name: 'アクメ サポート' }).getByRole('button', { name: 'New conversation' })).toBeVisible();

  const english: string[] = [];
  const other = await page.context().newPage();
  other.on('request', (r) => /support-copilot-locale-/.test(r.url()) && english.push(r.url()));
  await load(other, 'en.html', { apiKey, analyticsUrl: baseURL! });
  await other.getByRole('button', { name: 'Open support chat' }).click();
  await expect(other.getByRole('dialog', { name: 'Support' })).toBeVisible();
  expect(english).toEqual([]);
});

test('the packs are separate files: no pack text is in the script-tag bundle or the panel chunk', () => {
  const root = `${import.meta.dirname}/../dist`;
  const bundles = readFileSync(`${root}/support-copilot.js`, 'utf8') + readFileSync(`${root}/support-copilot-panel.js`, 'utf8');
  const packs = readdirSync(root).filter((f) => /^support-copilot-locale-[a-z]{2}\.js$/.test(f));
  expect(packs.sort()).toEqual(['ar', 'de', 'es', 'fr', 'he', 'ja', 'pt', 'zh'].map((c) => `support-copilot-locale-${c}.js`));
  for (const probe of ['サポートチャットを開く', 'افتح محادثة الدعم', 'Abrir el chat de soporte', 'Support-Chat öffnen', '打开客服聊天']) expect(bundles).not.toContain(probe);
});

test('each question records the page it was asked on, without query or fragment; SPA navigation is followed', async ({ page, apiKey, baseURL, collector }) => {
  await load(page, 'docs.html', { apiKey, analyticsUrl: baseURL! });
  await page.evaluate(() => history.replaceState(null, '', '/__test/docs.html?reset_token=secret#step-2'));
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  // A single-page app moves on without reloading: the next question says so.
  await page.evaluate(() => {
    history.pushState(null, '', '/__test/billing/plans?session=abc');
    document.title = 'Plans and billing';
  });
  await u.input.fill('How do I install it on this page?');
  await u.input.press('Enter');
  await expect(u.helpful.nth(1)).toBeVisible();
  const id = await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => string }).SupportCopilot('currentConversation'));
  await expect.poll(async () => (await collector.conversation(id))?.messages.length).toBe(4);
  const messages = (await collector.conversation(id))!.messages as unknown as { role: string; properties?: { page?: unknown } }[];
  expect(messages.filter((m) => m.role === 'user').map((m) => m.properties?.page)).toEqual([
    { url: `${baseURL}/__test/docs.html`, title: 'Host page' },
    { url: `${baseURL}/__test/billing/plans`, title: 'Plans and billing' },
  ]);
  expect(messages.filter((m) => m.role === 'assistant').every((m) => !m.properties?.page)).toBe(true);
});

test('pageContext "full" keeps the query and fragment; "none" records nothing', async ({ page, apiKey, baseURL, collector }) => {
  for (const [mode, expected] of [
    ['full', `${baseURL}/__test/q.html?tab=2#faq`],
    ['none', undefined],
  ] as const) {
    await load(page, 'q.html', { apiKey, analyticsUrl: baseURL!, attrs: { 'data-page-context': mode } });
    await page.evaluate(() => history.replaceState(null, '', '/__test/q.html?tab=2#faq'));
    const u = ui(page);
    await u.launcher.click();
    await u.newConversation.click();
    await u.input.fill(`Question with ${mode}`);
    await u.input.press('Enter');
    const id = await page.evaluate(() => (window as unknown as { SupportCopilot: (c: string) => string }).SupportCopilot('currentConversation'));
    await expect.poll(async () => (await collector.conversation(id))?.messages.length).toBeGreaterThan(0);
    const first = (await collector.conversation(id))!.messages[0] as unknown as { properties?: { page?: { url: string } } };
    expect(first.properties?.page?.url).toBe(expected);
  }
});

test('npm: a pack is an import() chunk of its own, loaded for that language only', async ({ blank, apiKey, baseURL }) => {
  const chunks: string[] = [];
  blank.on('request', (r) => r.url().includes('/__test/') && chunks.push(new URL(r.url()).pathname));
  await blank.evaluate(
    async ({ apiKey, baseURL }) => {
      const { createSupportCopilot }: typeof import('../src/index.ts') = await import(`${'/__test/index.js'}`);
      createSupportCopilot({ apiKey, analyticsUrl: baseURL, locale: 'de-AT' });
    },
    { apiKey, baseURL: baseURL! },
  );
  await blank.getByRole('button', { name: 'Support-Chat öffnen' }).click();
  await expect(blank.getByRole('dialog', { name: 'Support' }).getByRole('textbox', { name: 'Frage stellen' })).toBeFocused();
  const packs = chunks.filter((c) => /\/(ar|de|es|fr|he|ja|pt|zh)-[\w-]+\.js$/.test(c));
  expect(packs).toHaveLength(1);
  expect(packs[0]).toMatch(/\/de-/);
});
