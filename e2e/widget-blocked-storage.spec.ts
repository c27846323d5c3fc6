/**
 * Site data blocked (issue 20 item 1), the visitor's whole path: with `indexedDB`,
 * `localStorage`, `sessionStorage` and `document.cookie` throwing `SecurityError`, one at a time
 * and all together, through the script tag and through npm: the launcher opens the panel, an
 * answer streams, feedback and the contact form work, the conversation reaches the collector, the
 * Conversations view says plainly when nothing is kept, and nothing is thrown into the page.
 * (Before, a blocked `indexedDB` kept the panel from opening at all: the panel chunk read the
 * getter unguarded.)
 */
import type { Page } from '@playwright/test';
import { test, expect, type Collector } from './fixtures.ts';
import { around, helpInit, ticketsFor } from './around-helpers.ts';
import { BLOCKED_COMBINATIONS, blockStorageScript, type StorageName } from './blocked-storage.ts';
import { HostPages, INSTALL_ANSWER, shownMessages, waitReady, watchPage, type PageIssues } from './widget-helpers.ts';

const NOT_KEPT = 'This browser blocks site data, so conversations are not kept here: they last until you leave this page.';

/** Uncaught errors and unhandled rejections, recorded in the page from before any script. */
const UNCAUGHT = () => {
  const w = window as unknown as { __uncaught: string[] };
  w.__uncaught = [];
  addEventListener('error', (e) => w.__uncaught.push(`error: ${e.message}`));
  addEventListener('unhandledrejection', (e) => w.__uncaught.push(`unhandledrejection: ${String((e as PromiseRejectionEvent).reason)}`));
};

/** The help centre page through the script tag (queue stub + init), or through the npm entry. */
async function load(page: Page, way: 'script tag' | 'npm', apiKey: string, baseURL: string): Promise<void> {
  const hp = await HostPages.install(page);
  if (way === 'script tag') {
    await page.goto(hp.host('help.html', { stub: true, chatUrl: '', before: helpInit(apiKey, baseURL) }));
  } else {
    const init = helpInit(apiKey, baseURL).replace("SupportCopilot('init', ", 'window.copilot = createSupportCopilot(');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Help centre</title></head>
<body><main><h1>Help centre</h1></main>
<script type="module">import { createSupportCopilot } from '/__test/index.js';\n${init}</script></body></html>`;
    await page.goto(hp.file('npm.html', html, 'text/html; charset=utf-8'));
  }
}

async function visitorPath(page: Page, issues: PageIssues, collector: Collector, names: StorageName[]): Promise<void> {
  const a = around(page);
  const conversationId = await waitReady(page);
  // The launcher opens the panel.
  await a.launcher.click();
  await expect(a.dialog).toBeVisible();
  // An answer streams in, and is finished (its actions show once it is stored, here or in memory).
  await a.input.fill('How do I install it?');
  await a.input.press('Enter');
  await expect(a.log).toContainText(INSTALL_ANSWER);
  await expect(a.helpful).toBeVisible();
  // Feedback: pressed, and at the collector.
  await a.helpful.click();
  await expect(a.helpful).toHaveAttribute('aria-pressed', 'true');
  const answer = (await shownMessages(page)).find((m) => m.role === 'assistant')!;
  expect(answer.conversationId).toBe(conversationId);
  await expect.poll(async () => (await collector.feedback()).filter((f) => f.messageId === answer.messageId).map((f) => f.type)).toEqual(['positive']);
  // The conversation is delivered whole.
  await expect.poll(async () => (await collector.conversation(conversationId))?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  // The contact form makes one ticket.
  await a.getHelp.click();
  await a.menu.getByRole('button', { name: 'Contact support' }).click();
  await a.name.fill('Ada');
  await a.email.fill('ada@example.com');
  await a.submit.click();
  await expect(a.submission).toContainText(/Your request number is T-\d+/);
  await expect.poll(async () => (await ticketsFor(page.request, conversationId)).length).toBe(1);
  // History: a new conversation, then the first one again from the list (with localStorage blocked
  // the page itself remembers which one is shown); where nothing is kept, the view says so.
  await a.back.click();
  await a.conversations.click();
  await expect(a.historyHeading).toBeVisible();
  const note = a.dialog.getByRole('note');
  if (names.includes('indexedDB')) await expect(note).toHaveText(NOT_KEPT);
  else await expect(note).toHaveCount(0);
  await a.dialog.getByRole('button', { name: 'New conversation' }).click();
  await expect(a.log).not.toContainText(INSTALL_ANSWER);
  await a.conversations.click();
  await a.dialog.getByRole('button', { name: /How do I install it\?/ }).click();
  // For the page's life: the conversation is back, and a second question in it is answered.
  await expect(a.log).toContainText(INSTALL_ANSWER);
  await a.input.fill('Can I use it with npm?');
  await a.input.press('Enter');
  await expect.poll(async () => (await shownMessages(page)).filter((m) => m.role === 'assistant' && m.conversationId === conversationId).length).toBe(2);
  await expect.poll(async () => (await collector.conversation(conversationId))?.messages.length).toBe(4);
  // Nothing thrown into the page.
  expect(issues.pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __uncaught: string[] }).__uncaught)).toEqual([]);
  // Only the one line the widget reports when it runs in memory (an `error` event with its code).
  const codes = await page.evaluate(() => (window as unknown as { __sc: { events: { type: string; detail: { code?: string } }[] } }).__sc.events.filter((e) => e.type === 'error').map((e) => e.detail.code));
  expect(codes).toEqual(names.includes('indexedDB') ? ['storage_unavailable'] : []);
}

for (const way of ['script tag', 'npm'] as const) {
  for (const [name, names] of Object.entries(BLOCKED_COMBINATIONS)) {
    test(`${name} blocked, ${way}: the panel opens, answers stream, feedback and the contact form work, history says what it keeps, nothing thrown`, async ({ page, apiKey, baseURL, collector }) => {
      await page.addInitScript(UNCAUGHT);
      await page.addInitScript({ content: blockStorageScript(names) });
      const issues = await watchPage(page);
      await load(page, way, apiKey, baseURL!);
      await visitorPath(page, issues, collector, names);
    });
  }
}
