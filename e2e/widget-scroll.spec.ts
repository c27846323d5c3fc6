/**
 * Long answers (issue 23 item 3): while an answer streams, the log follows it until the question
 * reaches the top, then stays, so the answer is read from its start; "Jump to latest" shows while the
 * reader is above the end and takes them there; a reader who scrolls to the end is followed there; a
 * wide table shows, with a fade, which side has more. The answer comes from the host's `answer()`,
 * released step by step by the test, so positions are checked at known points (no timing).
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { HostPages, ui, waitReady, watchPage } from './widget-helpers.ts';

/** A host answer source that streams `lines` paragraphs per step, each step released by `window.__step()`. */
const STEPPED = `
  window.__gates = [];
  window.__step = function () { var g = window.__gates.shift(); if (g) g(); return !!g; };
  function gate() { return new Promise(function (r) { window.__gates.push(r); }); }
  SupportCopilot('init', { answer: async function* (ctx) {
    var q = ctx.messages[ctx.messages.length - 1].content;
    if (/short/.test(q)) { yield 'A short answer.'; return; }
    if (/table/.test(q)) {
      yield '| Plan | Price | Projects | Bandwidth | Build minutes | Regions | Support | SLA |\\n|---|---|---|---|---|---|---|---|\\n';
      yield '| Hobby | free | 1 | 100 GB | 500 | 1 | community | none |\\n| Pro | $20 per member | unlimited | 1 TB | 6,000 | 3 | email | 99.9% |\\n';
      return;
    }
    for (var step = 0; step < 3; step++) {
      for (var i = 1; i <= 15; i++) yield 'Paragraph ' + (step * 15 + i) + ' of a long answer, which goes on for a while so that it fills the panel.\\n\\n';
      if (step < 2) await gate();
    }
  } });`;

async function open(page: Page, apiKey: string, baseURL: string): Promise<void> {
  await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL, chatUrl: '', stub: true, before: STEPPED }));
  await waitReady(page);
  await ui(page).launcher.click();
}

/** Where the log is: its scroll position, how far from its end, and where the last question is in it. */
const where = (page: Page) =>
  ui(page).log.evaluate((log) => {
    const question = [...log.querySelectorAll('.user')].at(-1)!.getBoundingClientRect();
    const box = log.getBoundingClientRect();
    return { top: log.scrollTop, fromEnd: log.scrollHeight - log.clientHeight - log.scrollTop, questionTop: question.top - box.top, overflow: log.scrollHeight - log.clientHeight };
  });

const gates = (page: Page) => page.evaluate(() => (window as unknown as { __gates: unknown[] }).__gates.length);
const step = (page: Page) => page.evaluate(() => (window as unknown as { __step: () => boolean }).__step());

test('a long streamed answer is read from its start: the question stays at the top, then "Jump to latest" goes to the end', async ({ page, apiKey, baseURL }) => {
  await open(page, apiKey, baseURL!);
  const u = ui(page);
  const jump = u.dialog.getByRole('button', { name: 'Jump to latest' });
  await expect(jump).toHaveCount(0);
  await u.input.fill('Tell me everything');
  await u.input.press('Enter');
  // First step streamed: more than a panel of text.
  await expect.poll(() => gates(page)).toBe(1);
  await expect(u.log).toContainText('Paragraph 15 of');
  const first = await where(page);
  expect(first.overflow, 'the answer is longer than the log').toBeGreaterThan(200);
  // The question is at the top of the log (not scrolled away), the end is below.
  expect(first.questionTop).toBeGreaterThanOrEqual(0);
  expect(first.questionTop).toBeLessThan(40);
  expect(first.fromEnd).toBeGreaterThan(100);
  await expect(jump).toBeVisible();
  // More streams in: the log does not move.
  await step(page);
  await expect.poll(() => gates(page)).toBe(1);
  await expect(u.log).toContainText('Paragraph 30 of');
  expect((await where(page)).top).toBe(first.top);
  // Finished: still where the reader reads.
  await step(page);
  await expect(u.helpful).toBeVisible();
  expect((await where(page)).top).toBe(first.top);
  // "Jump to latest": at the end, the button gone, focus in the conversation.
  await jump.click();
  await expect.poll(async () => (await where(page)).fromEnd).toBeLessThanOrEqual(1);
  await expect(jump).toHaveCount(0);
  await expect(u.log).toBeFocused();
});

test('a reader who scrolls to the end while it streams is followed there; one who scrolls up is left alone', async ({ page, apiKey, baseURL }) => {
  await open(page, apiKey, baseURL!);
  const u = ui(page);
  await u.input.fill('Tell me everything');
  await u.input.press('Enter');
  await expect.poll(() => gates(page)).toBe(1);
  // The first step shown (the source yields ahead of what is drawn): the log holds, the question at its top.
  // Scrolled while the log was still following the answer, the reader's move was no move (a CI run: left 352 px above the end).
  await expect(u.log).toContainText('Paragraph 15 of');
  await expect.poll(async () => (await where(page)).fromEnd).toBeGreaterThan(100);
  // To the end, by the reader.
  await u.log.evaluate((log) => log.scrollTo({ top: log.scrollHeight }));
  await expect.poll(async () => (await where(page)).fromEnd).toBeLessThanOrEqual(1);
  await step(page);
  await expect(u.log).toContainText('Paragraph 30 of');
  await expect.poll(async () => (await where(page)).fromEnd).toBeLessThanOrEqual(1);
  // Up, by the reader: nothing moves it while the rest streams.
  await u.log.evaluate((log) => log.scrollTo({ top: 100 }));
  await expect.poll(async () => (await where(page)).top).toBe(100);
  await step(page);
  await expect(u.helpful).toBeVisible();
  expect((await where(page)).top).toBe(100);
  await expect(u.dialog.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
});

test('a short answer ends at the end of the log, with no "Jump to latest"', async ({ page, apiKey, baseURL }) => {
  await open(page, apiKey, baseURL!);
  const u = ui(page);
  await u.input.fill('A short one please');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  expect((await where(page)).fromEnd).toBeLessThanOrEqual(1);
  await expect(u.dialog.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
});

test('a question taller than the log that could not be stored ends the log: its note and Retry are in view', async ({ page, apiKey, baseURL }) => {
  await watchPage(page);
  const hp = await HostPages.install(page);
  // Room for the conversation, not for a long question: the outbox refuses it (storage_full), no answer comes.
  await page.goto(hp.host('full.html', { apiKey, analyticsUrl: baseURL!, stub: true, before: `SupportCopilot('init', { maxStoredBytes: 1500 });` }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill(`My install fails with this log, can you tell me why? ${'npm ERR! code ERESOLVE '.repeat(60)}`);
  await u.input.press('Enter');
  const retry = u.log.locator('.err').getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();
  const at = await where(page);
  expect(at.overflow, 'the question is taller than the log').toBeGreaterThan(100);
  expect(at.fromEnd).toBeLessThanOrEqual(1);
  await expect(retry).toBeInViewport();
  await expect(u.dialog.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
});

test('on a phone, a wide table shows it scrolls: a fade where there is more, from the keyboard too', async ({ page, apiKey, baseURL }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, apiKey, baseURL!);
  const u = ui(page);
  await u.input.fill('Show the plans as a table');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  const wrap = u.log.locator('.tblw');
  const fades = () => wrap.evaluate((el) => [getComputedStyle(el, '::before').opacity, getComputedStyle(el, '::after').opacity]);
  await expect(wrap).toHaveAttribute('data-more', 'right');
  await expect.poll(fades).toEqual(['0', '1']);
  // Scrolled with the keyboard (it is focusable): more on both sides, then only on the left.
  const table = wrap.locator('.tbl');
  await table.focus();
  await page.keyboard.press('ArrowRight');
  await expect(wrap).toHaveAttribute('data-more', 'left right');
  await page.keyboard.press('End');
  await table.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect(wrap).toHaveAttribute('data-more', 'left');
  await expect.poll(fades).toEqual(['1', '0']);
});
