/**
 * The visitor's conversations on this device (issue 13 item 3) and the transcript (item 4): listed
 * newest first with the first question as title, reopened and continued, "New conversation" keeps
 * the previous one, deleted from this device (never losing undelivered data), none listed for the
 * next visitor after reset(); "Download transcript" saves Markdown with times.
 */
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.ts';
import { around, loadHelpCentre } from './around-helpers.ts';
import { sseBody } from './widget-helpers.ts';

type Sc = (command: string, ...args: unknown[]) => unknown;
const sc = (page: Page, command: string, ...args: unknown[]) =>
  page.evaluate(([c, a]) => (window as unknown as { SupportCopilot: Sc }).SupportCopilot(c as string, ...(a as unknown[])), [command, args] as const);

async function ask(page: Page, question: string): Promise<void> {
  const a = around(page);
  await a.input.fill(question);
  await a.input.press('Enter');
  await expect(a.log.locator('.msg').filter({ hasText: `Answer to: ${question}` })).toBeVisible();
  await expect(a.helpful.last()).toBeVisible();
}

/** Answers echo the question, so each conversation is told apart. */
async function echoAnswers(page: Page): Promise<void> {
  await page.route('**/v1/chat/completions', async (route) => {
    const { messages } = route.request().postDataJSON() as { messages: { content: string }[] };
    await route.fulfill({ contentType: 'text/event-stream', body: sseBody([`Answer to: ${messages[messages.length - 1]!.content}`]) });
  });
}

test('lists, reopens and continues; New conversation keeps the previous one; deletes from this device', async ({ page, apiKey, baseURL, collector }) => {
  await echoAnswers(page);
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await a.launcher.click();
  await ask(page, 'How do I reset my password?');
  const first = (await sc(page, 'currentConversation')) as string;
  await a.newConversation.click();
  await ask(page, 'Can I change my plan?');
  const second = (await sc(page, 'currentConversation')) as string;
  expect(second).not.toBe(first);

  await a.conversations.click();
  await expect(a.historyHeading).toBeFocused();
  const rows = a.dialog.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Can I change my plan?');
  await expect(rows.nth(0)).toContainText('Current');
  await expect(rows.nth(1)).toContainText('How do I reset my password?');
  await expect(rows.nth(0).getByRole('button').first()).toHaveAttribute('aria-current', 'true');

  // Reopen the first and continue it.
  await rows.nth(1).getByRole('button', { name: /How do I reset my password\?/ }).click();
  await expect(a.input).toBeVisible();
  await expect(a.log).toContainText('Answer to: How do I reset my password?');
  await expect(a.log).not.toContainText('Can I change my plan?');
  expect(await sc(page, 'currentConversation')).toBe(first);
  await ask(page, 'And by email?');
  await expect.poll(async () => (await collector.conversation(first))?.messages.length).toBe(4);
  // A reload shows the reopened one.
  await page.reload();
  await expect(a.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await expect(a.log).toContainText('Answer to: And by email?');

  // Newest first now: the continued one on top.
  await a.conversations.click();
  await expect(rows.nth(0)).toContainText('How do I reset my password?');
  // Delete the other (delivered): gone from the list, from this device, and announced.
  await expect.poll(async () => (await collector.conversation(second))?.messages.length).toBe(2);
  const del = rows.nth(1).getByRole('button', { name: 'Delete from this device' });
  await expect(del).toHaveAccessibleDescription('Can I change my plan?');
  await del.click();
  await expect(rows).toHaveCount(1);
  await expect(a.dialog).toContainText('Conversation deleted from this device.');
  expect(await page.evaluate(() => (window as unknown as { SupportCopilot: Sc }).SupportCopilot('stats'))).toMatchObject({ pending: 0 });
  await page.reload();
  await expect(a.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await a.conversations.click();
  await expect(rows).toHaveCount(1);
  // The server keeps it: deleting is from this device only.
  expect((await collector.conversation(second))?.messages.length).toBe(2);
});

test('deleting a conversation not yet delivered hides it, delivers it, then deletes it', async ({ page, apiKey, baseURL, collector }) => {
  await echoAnswers(page);
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await a.launcher.click();
  await collector.fault({ path: '/conversations', status: 503, count: 1000 });
  await ask(page, 'Is this stored?');
  const id = (await sc(page, 'currentConversation')) as string;
  await a.conversations.click();
  const rows = a.dialog.getByRole('listitem');
  await rows.getByRole('button', { name: 'Delete from this device' }).click();
  await expect(rows).toHaveCount(0);
  await expect(a.dialog).toContainText('No conversations yet.');
  // Still stored, still pending: never dropped (with it, its interaction events wait out the 503 pause too).
  expect(((await sc(page, 'stats')) as { pending: number }).pending).toBeGreaterThanOrEqual(1);
  await collector.clearFaults();
  await sc(page, 'flush');
  await expect.poll(async () => (await collector.conversation(id))?.messages.length).toBe(2);
  // Delivered: the next listing deletes it from the device.
  await a.back.click();
  await a.conversations.click();
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { SupportCopilot: Sc }).SupportCopilot('stats') as { delivered: number })).delivered).toBe(0);
  await expect(rows).toHaveCount(0);
});

test('after reset() (logout) the previous visitor\'s conversations are not listed', async ({ page, apiKey, baseURL }) => {
  await echoAnswers(page);
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await a.launcher.click();
  await ask(page, 'Private question');
  await a.conversations.click();
  await expect(a.dialog.getByRole('listitem')).toHaveCount(1);
  await sc(page, 'reset');
  await a.back.click();
  await a.conversations.click();
  await expect(a.dialog.getByRole('listitem')).toHaveCount(0);
  await expect(a.dialog).toContainText('No conversations yet.');
});

test('"Download transcript" saves the conversation as Markdown, with times', async ({ page, apiKey, baseURL }) => {
  await echoAnswers(page);
  await loadHelpCentre(page, apiKey, baseURL!);
  const a = around(page);
  await a.launcher.click();
  await expect(a.download).toHaveCount(0);
  await ask(page, 'What are your opening hours?');
  const id = (await sc(page, 'currentConversation')) as string;
  const [download] = await Promise.all([page.waitForEvent('download'), a.download.click()]);
  expect(download.suggestedFilename()).toMatch(/^support-conversation-\d{4}-\d{2}-\d{2}\.md$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.startsWith('# Support conversation\n')).toBe(true);
  expect(text).toContain(id);
  // Each body fenced, so an answer cannot read as the visitor's turn (widget-core/transcript.ts).
  expect(text).toMatch(/\*\*You\*\* · [^\n]*\d{1,2}:\d{2}[^\n]*\n\n```text\nWhat are your opening hours\?\n```\n/);
  expect(text).toMatch(/\*\*Assistant\*\* · [^\n]*\d{1,2}:\d{2}[^\n]*\n\n```text\nAnswer to: What are your opening hours\?\n```\n/);
});
