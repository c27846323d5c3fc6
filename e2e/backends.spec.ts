/**
 * The conformance suite of issue 19 (docs/backends.md, "Tested backends"): every recorded backend
 * answer (src/chat/protocols/transcripts/) replayed through the built script-tag widget in
 * Chromium, its chat endpoint served with page.route. Per row it checks what the visitor sees (the
 * answer text, the source cards, the cut-off notice or the failure), the answer stored in
 * IndexedDB (no reasoning in it, `properties.finishReason` when cut off, no empty answer ever) and
 * what reached the collector, which validates it with the official SDK's schema. The request the
 * widget sent is checked too (the AI SDK row: by the `ai` package's convertToModelMessages).
 */
import type { Page } from '@playwright/test';
import { test, expect as baseExpect } from './fixtures.ts';
import { HostPages, shownMessages, ui, waitReady, watchPage } from './widget-helpers.ts';
import { readIdb } from './core-helpers.ts';
import { allTranscripts, type Transcript } from '../src/chat/protocols/transcripts/all.fixture.ts';

// A loaded machine: the panel chunk and a protocol file load before the first answer.
const expect = baseExpect.configure({ timeout: 15_000 });
const QUESTION = 'How do I install it?';
const rows = await allTranscripts();

/** The start of the text as the panel shows it: Markdown links as their text, no emphasis marks. */
const visible = (markdown: string) =>
  markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .split('\n')[0]!
    .slice(0, 40)
    .trim();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The assistant messages of the conversation as stored in the outbox (IndexedDB). */
async function storedAnswers(page: Page, conversationId: string) {
  const records = await readIdb(page, 'outbox');
  const record = records.find(([key]) => key.includes(conversationId))?.[1] as { messages?: { role: string; content: string; links?: { url: string }[]; properties?: Record<string, unknown> }[] } | undefined;
  return (record?.messages ?? []).filter((m) => m.role === 'assistant');
}

async function ask(page: Page, row: Transcript, apiKey: string, baseURL: string) {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  const requests: Record<string, unknown>[] = [];
  await page.route('**/__backend/chat', (route) => {
    requests.push(route.request().postDataJSON() as Record<string, unknown>);
    return route.fulfill({ status: row.response.status ?? 200, headers: { 'content-type': row.response.contentType, ...row.response.headers }, body: row.response.body });
  });
  await page.goto(hp.host('backend.html', { apiKey, analyticsUrl: baseURL, chatUrl: '/__backend/chat', attrs: { 'data-chat-protocol': row.protocol } }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill(QUESTION);
  await u.input.press('Enter');
  return { issues, requests, u };
}

for (const row of rows) {
  test(`${row.name} (${row.expect.outcome})`, async ({ page, apiKey, baseURL, collector }) => {
    const { issues, requests, u } = await ask(page, row, apiKey, baseURL!);
    const want = row.expect;
    await expect.poll(() => requests.length).toBeGreaterThan(0);
    await row.request?.(requests[0]!);
    const [question] = await shownMessages(page);
    const conversationId = question!.conversationId;

    if (want.outcome === 'answer' || want.outcome === 'cut off') {
      await expect(u.log).toContainText(visible(want.text));
      // Finished: stored, then shown with its actions.
      await expect.poll(async () => (await shownMessages(page)).filter((m) => m.role === 'assistant').length).toBe(1);
      for (const s of want.sources ?? []) {
        await expect(u.dialog.getByRole('list', { name: 'Sources' }).getByRole('link', { name: new RegExp(`^${escape(s.title!)}`) })).toBeVisible();
      }
      const [stored] = await storedAnswers(page, conversationId);
      expect(stored!.content).toBe(want.text);
      if (want.reasoning) expect(stored!.content).not.toContain(want.reasoning.trim().slice(0, 20));
      expect(stored!.links?.map((l) => l.url)).toEqual(expect.arrayContaining((want.sources ?? []).map((s) => s.url)));
      if (want.outcome === 'cut off') {
        await expect(u.log).toContainText(/cut off/);
        await expect(u.dialog.getByRole('button', { name: 'Regenerate' })).toBeVisible();
        expect(stored!.properties?.finishReason).toBe(want.finish);
      } else expect(stored!.properties?.finishReason).toBeUndefined();
      // At the collector, valid under the official SDK's schema (it answers 400 otherwise).
      await expect.poll(async () => (await collector.conversation(conversationId))?.messages.map((m) => [m.role, m.content])).toEqual([
        ['user', QUESTION],
        ['assistant', want.text],
      ]);
    } else {
      const text = { 'no answer': /No answer came back/, 'permanent failure': /could not answer this question/, 'transient failure': /trouble right now|still can.t answer/ }[want.outcome];
      await expect(u.log).toContainText(text);
      // Never an empty (or any) answer stored or delivered.
      expect(await storedAnswers(page, conversationId)).toEqual([]);
      await expect.poll(async () => (await collector.conversation(conversationId))?.messages.map((m) => m.role)).toEqual(['user']);
      if (want.outcome !== 'transient failure') {
        await expect(u.dialog.getByRole('button', { name: 'Retry' })).toBeVisible();
        // Shown once and not retried by itself: one request, however long the visitor waits.
        await page.waitForTimeout(2500);
        expect(requests).toHaveLength(1);
      }
    }
    expect((await collector.log('/conversations')).filter((e) => e.status !== 200)).toEqual([]);
    expect(issues.pageErrors).toEqual([]);
  });
}

test('a protocol other than openai is a file of its own, loaded only by a page that uses it', async ({ page, apiKey, baseURL }) => {
  const files: string[] = [];
  page.context().on('request', (r) => void (/support-copilot-protocol-/.test(r.url()) && files.push(new URL(r.url()).pathname)));
  const openai = rows.find((r) => r.protocol === 'openai')!;
  const { u } = await ask(page, openai, apiKey, baseURL!);
  await expect(u.log).toContainText(visible(openai.expect.text));
  expect(files).toEqual([]);
  const inkeep = rows.find((r) => r.protocol === 'inkeep')!;
  const second = await page.context().newPage();
  const { u: u2 } = await ask(second, inkeep, apiKey, baseURL!);
  await expect(u2.log).toContainText(visible(inkeep.expect.text));
  expect(files).toEqual(['/support-copilot-protocol-inkeep.js']);
  // No global left behind once it registered.
  expect(await second.evaluate(() => Object.keys(window).filter((k) => /support.?copilot/i.test(k)))).toEqual(['SupportCopilot']);
});
