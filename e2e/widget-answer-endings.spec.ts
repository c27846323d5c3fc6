/**
 * What a visitor sees of an answer's parts and endings (issue 19), with a host `answer` yielding
 * typed parts: sources from a tool call, the Thinking state (never stored), a cut-off answer with
 * its notice, an answer without text, a permanent error, Stop while a retry waits; and an answer
 * far over the size cap, which stops with its notice after a bounded number of renders (issue 20).
 * Every record must be accepted by the collector, which validates with the official SDK's schema.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, type Collector } from './fixtures.ts';
import { INSTALL_ANSWER, shownMessages } from './widget-helpers.ts';
import { openHost, RECORD_EVENTS, seenEvents } from './answers-helpers.ts';
import { PARTS_ANSWER, partsCalls, setParts, SOURCED } from './answer-parts-helpers.ts';

const open = (page: Page, apiKey: string, baseURL: string) => openHost(page, { apiKey, analyticsUrl: baseURL, stub: true, before: RECORD_EVENTS + PARTS_ANSWER });
type Stored = { role: string; content: string | null; links?: unknown; properties?: Record<string, unknown> };
const stored = async (page: Page, collector: Collector) => ((await collector.conversation((await shownMessages(page))[0]!.conversationId))?.messages ?? []) as Stored[];
/** Every POST of this test reached the collector and was accepted (a 4xx would be a rejected record). */
const allAccepted = async (collector: Collector) => expect((await collector.log()).filter((e) => e.status !== null && e.status >= 300)).toEqual([]);

test('sources from a tool call: cards in the order given, titled by the source (never by a citation number), stored in the answer’s links', async ({ page, apiKey, baseURL, collector }) => {
  const { u } = await open(page, apiKey, baseURL!);
  await setParts(page, { parts: SOURCED });
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  const cards = u.log.getByRole('list', { name: 'Sources' }).getByRole('link');
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(0)).toContainText('Install with a script tag');
  await expect(cards.nth(0)).toContainText('Docs › Install'); // where the page sits (its host only when it has no breadcrumbs)
  await expect(cards.nth(1)).toContainText('Single-page apps');
  await expect(u.log.getByRole('list', { name: 'Sources' })).not.toContainText(/\(\d\)|\[\d\]/);
  await expect.poll(async () => (await stored(page, collector)).at(-1)?.links).toEqual([
    { url: 'https://docs.acme.example/install/script-tag', title: 'Install with a script tag', breadcrumbs: ['Docs', 'Install'] },
    { url: 'https://docs.acme.example/guides/single-page-apps', title: 'Single-page apps', breadcrumbs: ['Docs', 'Guides'], description: 'React, Vue and others' },
  ]);
  await allAccepted(collector);
});

test('thinking: reasoning shows as a calm "Thinking…" (expandable) until text comes; it is never stored or delivered', async ({ page, apiKey, baseURL, collector }) => {
  const { u } = await open(page, apiKey, baseURL!);
  await setParts(page, { parts: [{ type: 'reasoning-delta', delta: 'The visitor asks about install; ' }, { type: 'reasoning-delta', delta: 'check the script-tag guide.' }], hold: true });
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  const thinking = u.log.getByText('Thinking…');
  await expect(thinking).toBeVisible();
  await expect(u.log.getByText('check the script-tag guide.')).toBeHidden();
  await thinking.click();
  await expect(u.log.getByText('The visitor asks about install; check the script-tag guide.')).toBeVisible();
  await expect(u.dialog.getByRole('button', { name: 'Stop generating' })).toBeVisible();
  // The same answer goes on with its text.
  await setParts(page, { parts: [{ type: 'reasoning-delta', delta: '' }, { type: 'reasoning-delta', delta: '' }, 'Add one script tag.'], release: true });
  await expect(u.helpful).toBeVisible();
  expect(await partsCalls(page)).toBe(1);
  await expect(u.log).not.toContainText('Thinking…');
  await expect.poll(async () => (await stored(page, collector)).map((m) => m.role)).toEqual(['user', 'assistant']);
  expect(JSON.stringify(await stored(page, collector))).not.toContain('script-tag guide');
});

test('a cut-off answer is kept with a notice naming why and Regenerate; stored with properties.finishReason; a reload shows it', async ({ page, apiKey, baseURL, collector }) => {
  const { u } = await open(page, apiKey, baseURL!);
  await setParts(page, { parts: ['To install it, add the script tag and then', { type: 'finish', reason: 'length' }] });
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.log.getByText('This answer was cut off because it got too long.')).toBeVisible();
  await expect(u.dialog.getByRole('button', { name: 'Regenerate' })).toBeVisible();
  await expect.poll(async () => (await stored(page, collector)).at(-1)?.properties).toEqual({ finishReason: 'length' });
  await page.reload();
  await expect(u.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await expect(u.log.getByText('This answer was cut off because it got too long.')).toBeVisible();
  await setParts(page, { parts: ['The whole answer.'] });
  await u.dialog.getByRole('button', { name: 'Regenerate' }).click();
  await expect(u.log).toContainText('The whole answer.');
  // The regenerated answer is complete: one notice, under the first.
  await expect(u.log.getByText(/This answer was cut off/)).toHaveCount(1);
  await allAccepted(collector);
});

test('an answer without text: "No answer came back" with Retry, chat_error; nothing stored, no Helpful or Copy', async ({ page, apiKey, baseURL, collector }) => {
  const { u } = await open(page, apiKey, baseURL!);
  await setParts(page, { parts: [{ type: 'keep-alive' }, { type: 'finish', reason: 'stop' }] });
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.log.getByText('No answer came back. Please try again.')).toBeVisible();
  await expect(u.helpful).toHaveCount(0);
  await expect(u.copy).toHaveCount(0);
  await expect.poll(async () => (await seenEvents(page)).find((e) => e.eventName === 'chat_error')?.properties.kind).toBe('empty');
  expect((await seenEvents(page)).some((e) => e.eventName === 'assistant_message_received')).toBe(false);
  await expect.poll(async () => (await stored(page, collector)).map((m) => m.role)).toEqual(['user']);
  await setParts(page, { parts: ['Here it is.'] });
  await u.log.getByRole('button', { name: 'Retry' }).click();
  await expect(u.log).toContainText('Here it is.');
  await expect.poll(async () => (await stored(page, collector)).map((m) => m.role)).toEqual(['user', 'assistant']);
});

test('a permanent error mid-stream is shown once with Retry and never retried by itself, after a reload either', async ({ page, apiKey, baseURL }) => {
  const { u } = await open(page, apiKey, baseURL!);
  await setParts(page, { parts: ['Partial', { type: 'error', message: 'This model’s maximum context length is 8192 tokens', permanent: true }] });
  await u.input.fill('Here is my whole log file: …');
  await u.input.press('Enter');
  const note = u.log.locator('.msg.fail');
  await expect(note).toHaveText(/The assistant could not answer this question\./);
  await expect(u.log).not.toContainText('Partial');
  await expect(u.log).not.toContainText('context length');
  await page.waitForTimeout(3_000); // a transient failure would have been retried by now (backoff starts under 1 s)
  expect(await partsCalls(page)).toBe(1);
  await page.reload();
  await expect(u.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await expect(note).toHaveText(/The assistant could not answer this question\./);
  await expect(u.log.getByRole('button', { name: 'Retry' })).toBeVisible();
  expect(await partsCalls(page)).toBe(0); // the new page's source was never called
});

test('Stop while a retry is waited out (503, Retry-After 60 s): the question waits for Retry, nothing more is asked', async ({ page, apiKey, baseURL }) => {
  let asked = 0;
  await page.route('**/v1/chat/completions', (route) => (asked++, route.fulfill({ status: 503, headers: { 'Retry-After': '60' }, body: '{"error":{"message":"overloaded"}}' })));
  const { u } = await openHost(page, { apiKey, analyticsUrl: baseURL! });
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.log).toContainText('The assistant is busy right now. We’ll try again shortly.');
  await u.dialog.getByRole('button', { name: 'Stop generating' }).click();
  await expect(u.log.locator('.msg.fail')).toHaveText(/^Assistant: Stopped\s*Retry$/);
  await expect(u.send).toBeVisible();
  await page.reload();
  await expect(u.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await expect(u.log.locator('.msg.fail')).toHaveText(/^Assistant: Stopped\s*Retry$/);
  expect(asked).toBe(1);
  await page.unroute('**/v1/chat/completions');
  await u.log.getByRole('button', { name: 'Retry' }).click();
  await expect(u.log).toContainText(INSTALL_ANSWER);
});

test('an answer far over the size cap (1 MB in 100,000 deltas, all ready at once): it stops at the cap with a notice, after a bounded number of renders', async ({ page, apiKey, baseURL, collector }) => {
  const flood = `window.__flood = async function* () { for (let i = 0; i < 100000; i++) yield 'xxxxxxxxx '; };
SupportCopilot('init', { answer: window.__flood });`;
  const { u } = await openHost(page, { apiKey, analyticsUrl: baseURL!, stub: true, before: flood });
  // Renders of the log while the answer streams: DOM mutation batches (one per render, at most).
  await page.evaluate(() => {
    const w = window as unknown as { __renders: number };
    w.__renders = 0;
    const log = document.querySelector('[data-support-copilot]')!.shadowRoot!.querySelector('[role=log]')!;
    new MutationObserver(() => w.__renders++).observe(log, { childList: true, subtree: true, characterData: true });
  });
  await u.input.fill('Tell me everything');
  await u.input.press('Enter');
  await expect(u.log.getByText('This answer was cut off because it got too long.')).toBeVisible({ timeout: 30_000 });
  const renders = await page.evaluate(() => (window as unknown as { __renders: number }).__renders);
  // Without the budget it is a render per delta (20,000 until the cap, each parsing the whole text).
  expect(renders).toBeLessThan(200);
  await expect.poll(async () => (await stored(page, collector)).at(-1)?.content?.length).toBe(200_000);
  expect((await stored(page, collector)).at(-1)?.properties).toEqual({ finishReason: 'length' });
  // Still usable: the next question goes out.
  await u.input.fill('Thanks');
  await expect(u.input).toHaveValue('Thanks');
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe: no violations in the Thinking state (closed and open) and under a cut-off answer (${theme})`, async ({ page, apiKey, baseURL }) => {
    test.setTimeout(180_000); // axe takes 10 to 20 s a run on a loaded machine
    await page.emulateMedia({ colorScheme: theme });
    const { u } = await openHost(page, { apiKey, analyticsUrl: baseURL!, stub: true, before: PARTS_ANSWER, attrs: { 'data-theme': theme } });
    const axe = async (what: string) => {
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
    };
    await setParts(page, { parts: [{ type: 'reasoning-delta', delta: 'Looking for the install guide.' }], hold: true });
    await u.input.fill('How do I install it?');
    await u.input.press('Enter');
    await expect(u.log.getByText('Thinking…')).toBeVisible();
    await axe('Thinking, closed');
    await u.log.getByText('Thinking…').click();
    await axe('Thinking, open');
    await setParts(page, { parts: [{ type: 'reasoning-delta', delta: '' }, 'Add the script tag and', { type: 'finish', reason: 'content_filter' }], release: true });
    await expect(u.log.getByText('This answer was cut off by a content filter.')).toBeVisible();
    await axe('a cut-off notice');
  });
}
