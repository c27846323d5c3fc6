/**
 * Talking to the widget through the script tag: a streamed answer from the collector's FAQ
 * answerer ends up stored with both messages, feedback and copy reach the API, the pending status
 * line follows delivery failures, a reload shows the history, and hostile text stays text.
 */
import { test, expect } from './fixtures.ts';
import { HostPages, watchPage, waitReady, shownMessages, ui, INSTALL_ANSWER, INSTALL_LINK, INSTALL_PATH, sseBody, holdStreams, streamHeld, releaseStream } from './widget-helpers.ts';

test('a streamed answer appears and the collector holds the conversation with both messages', async ({ page, apiKey, baseURL, collector }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await holdStreams(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '/v1/chat/completions' }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await expect(u.dialog).toBeVisible();
  await u.input.fill('How do I install it?');
  const chat = page.waitForResponse((r) => r.url().endsWith('/v1/chat/completions'));
  await u.send.click();
  const res = await chat;
  expect(res.headers()['content-type']).toContain('text/event-stream');
  await expect(u.input).toHaveValue('');
  // Held after its first two events, the answer shows their text, busy and without its actions.
  await streamHeld(page);
  const answer = u.log.locator('.msg:not(.user)').last();
  await expect(answer).toHaveAttribute('aria-busy', 'true');
  await expect.poll(async () => (await answer.locator('.bub').textContent())!.trim().split(/\s+/).length, 'words of the partial answer').toBeGreaterThanOrEqual(4);
  expect(await answer.textContent()).not.toContain(INSTALL_ANSWER);
  await expect(u.helpful).toHaveCount(0);
  await releaseStream(page);
  await expect(answer).toContainText(INSTALL_ANSWER);
  await expect(answer).not.toHaveAttribute('aria-busy');
  await expect(answer.getByRole('link', { name: INSTALL_LINK, exact: true })).toHaveAttribute('href', `${baseURL}${INSTALL_PATH}`);
  await expect(answer.getByRole('link', { name: INSTALL_LINK, exact: true })).toHaveAttribute('rel', /noopener/);
  await expect(u.helpful).toBeVisible();

  await expect.poll(async () => (await shownMessages(page)).length).toBe(2);
  const [user, assistant] = await shownMessages(page);
  expect(user!.role).toBe('user');
  expect(assistant!.role).toBe('assistant');
  await expect
    .poll(async () => (await collector.conversation(user!.conversationId))?.messages.map((m) => m.role))
    .toEqual(['user', 'assistant']);
  const stored = (await collector.conversation(user!.conversationId))! as unknown as { messages: { id: string; role: string; content: string; links: { url: string; title?: string }[] | null }[] };
  expect(stored.messages[0]).toMatchObject({ id: user!.messageId, content: 'How do I install it?' });
  expect(stored.messages[1]!.id).toBe(assistant!.messageId);
  expect(stored.messages[1]!.content).toContain(INSTALL_ANSWER);
  // With where it sits (the link's title in the answer), for its source card.
  expect(stored.messages[1]!.links).toContainEqual({ url: `${baseURL}${INSTALL_PATH}`, title: INSTALL_LINK, breadcrumbs: ['Deploy your first app in five minutes'] });
  expect(issues.consoleErrors).toEqual([]);
  expect(issues.pageErrors).toEqual([]);
});

test('Helpful sends a positive /feedback for that message; Copy answer sends an assistant_message_copied /events', async ({ page, context, apiKey, baseURL, collector }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL! }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  const assistant = (await shownMessages(page)).find((m) => m.role === 'assistant')!;

  await u.helpful.click();
  await expect(u.helpful).toHaveAttribute('aria-pressed', 'true');
  await expect(u.notHelpful).toHaveAttribute('aria-pressed', 'false');
  await expect
    .poll(async () => (await collector.feedback()).filter((f) => f.messageId === assistant.messageId).map((f) => f.type))
    .toEqual(['positive']);

  await u.copy.click();
  await expect
    .poll(async () => (await collector.events()).filter((e) => (e as unknown as { messageId?: string }).messageId === assistant.messageId).map((e) => e.type).sort())
    .toEqual(['assistant_answer_displayed', 'assistant_message_copied', 'assistant_message_received', 'assistant_positive_feedback_submitted']);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(INSTALL_ANSWER);
  // All of it went with this test's key.
  const paths = (await collector.log()).map((e) => e.path);
  expect(paths).toEqual(expect.arrayContaining(['/conversations', '/feedback', '/events']));
  expect(issues.consoleErrors).toEqual([]);
});

test('the delivery status line is off for visitors; with data-show-delivery-status it counts messages while delivery fails and goes away once delivered', async ({ page, apiKey, baseURL, collector }) => {
  await collector.fault({ path: '/conversations', status: 500, count: -1 });
  const hp = await HostPages.install(page);
  await watchPage(page);
  // Without the option: failing delivery is not the visitor's worry.
  await page.goto(hp.host('plain.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '' }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill('Is this shown?');
  await u.input.press('Enter');
  await expect.poll(async () => (await collector.log('/conversations')).filter((e) => e.status === 500).length).toBeGreaterThan(0);
  await expect(u.dialog.getByText('waiting to be delivered')).toHaveCount(0);
  await expect(u.status).toBeHidden();

  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '', attrs: { 'data-show-delivery-status': 'true' } }));
  await waitReady(page);
  await expect(u.dialog).toBeVisible(); // still open on the next page of the tab: remembered
  await u.newConversation.click();
  await u.input.fill('Will this arrive?');
  await u.input.press('Enter');
  await expect(u.status).toHaveText('1 message waiting to be delivered');
  // It really is failing: at least one 500 from the collector.
  await expect.poll(async () => (await collector.log('/conversations')).filter((e) => e.status === 500).length).toBeGreaterThan(0);
  await page.waitForTimeout(1_000);
  await expect(u.status).toHaveText('1 message waiting to be delivered');
  await collector.clearFaults();
  // The retry (backoff with jitter) delivers it and the line goes away.
  await expect(u.status).toBeHidden({ timeout: 30_000 });
  await expect(u.dialog.getByText('waiting to be delivered')).toHaveCount(0);
  expect((await collector.log('/conversations')).at(-1)?.status).toBe(200);
});

test('a reload keeps the conversation history visible', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL! }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  const before = await shownMessages(page);
  await page.reload();
  const conversationId = await waitReady(page);
  expect(conversationId).toBe(before[0]!.conversationId);
  await expect(u.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await expect(u.log).toContainText('How do I install it?');
  await expect(u.log).toContainText(INSTALL_ANSWER);
  await expect(u.log.getByRole('link', { name: INSTALL_LINK, exact: true })).toBeVisible();
  await expect(u.log.locator('.msg')).toHaveCount(2);
  // New conversation starts empty, and a reload keeps showing the new one.
  await u.newConversation.click();
  await expect(u.log).toContainText('Hi! How can we help?');
  await page.reload();
  await waitReady(page);
  await expect(u.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await expect(u.log).toContainText('Hi! How can we help?');
  await expect(u.log.locator('.msg')).toHaveCount(0);
  expect(issues.consoleErrors).toEqual([]);
});

const XSS = `<img src=x onerror="window.__xss=(window.__xss||0)+1"><script>window.__xss=(window.__xss||0)+1</script>`;
const JS_LINK = `[click me](javascript:window.__xss=(window.__xss||0)+1)`;

test('hostile text (img onerror, script, javascript: link) shows as text and runs nothing', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const imageRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/x$/.test(new URL(r.url()).pathname)) imageRequests.push(r.url());
  });
  // The answer itself is hostile: markdown with raw HTML and a javascript: link.
  await page.route('**/__test/chat-xss', (route) =>
    route.fulfill({ contentType: 'text/event-stream', body: sseBody(['Look: ', XSS, ' and ', JS_LINK, ' or <a href="javascript:alert(1)">this</a>']) }),
  );
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '/__test/chat-xss' }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  // The visitor's own message.
  await u.input.fill(`${XSS} ${JS_LINK}`);
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  // And an assistant message logged by the host.
  await page.evaluate((c) => (window as unknown as { SupportCopilot: (n: string, m: object) => void }).SupportCopilot('logMessage', { role: 'assistant', content: c }), `${XSS}\n\n${JS_LINK}`);
  await expect(u.log.locator('.msg')).toHaveCount(3);

  const bubbles = u.log.locator('.msg .bub');
  await expect(bubbles.nth(0)).toHaveText(`${XSS} ${JS_LINK}`);
  await expect(bubbles.nth(1)).toContainText('<img src=x onerror=');
  await expect(bubbles.nth(1)).toContainText('<script>');
  await expect(bubbles.nth(1)).toContainText('<a href="javascript:alert(1)">this</a>');
  await expect(bubbles.nth(2)).toContainText('<img src=x onerror=');
  // Nothing became an element: no img, script or javascript: link anywhere in the widget.
  const host = u.host;
  await expect(host.locator('img')).toHaveCount(0);
  await expect(host.locator('script')).toHaveCount(0);
  await expect(host.locator('a[href^="javascript" i]')).toHaveCount(0);
  await expect(host.locator('[onerror]')).toHaveCount(0);
  await expect(u.log.getByRole('link', { name: 'click me' })).toHaveCount(0);
  await expect(u.log.getByText('click me').first()).toBeVisible();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(imageRequests).toEqual([]);
  expect(issues.pageErrors).toEqual([]);
});

test('a question the outbox has no room for: the visitor reads why in plain words (never the raw error), and Retry stores it once there is room', async ({ page, apiKey, baseURL, collector }) => {
  await watchPage(page);
  const hp = await HostPages.install(page);
  // Room for the conversation, not for a long question: the outbox refuses it (storage_full).
  await page.goto(hp.host('full.html', { apiKey, analyticsUrl: baseURL!, stub: true, before: `SupportCopilot('init', { maxStoredBytes: 1500 });` }));
  await waitReady(page);
  const u = ui(page);
  await u.launcher.click();
  const question = `My install fails with this log, can you tell me why? ${'npm ERR! code ERESOLVE '.repeat(60)}`;
  await u.input.fill(question);
  await u.input.press('Enter');
  const note = u.log.locator('.err');
  await expect(note).toContainText('Not sent yet: earlier messages are still waiting to be delivered. Try again in a moment.');
  await expect(note).not.toContainText('maxStoredBytes');
  await page.evaluate(() => (window as unknown as { SupportCopilot: (...a: unknown[]) => void }).SupportCopilot('update', { maxStoredBytes: 5_000_000 }));
  await note.getByRole('button', { name: 'Retry' }).click();
  await expect(note).toHaveCount(0);
  // The note goes as the retry starts; the message event comes once the question is stored.
  await expect.poll(async () => (await shownMessages(page)).length).toBeGreaterThan(0);
  const [q] = await shownMessages(page);
  await expect.poll(async () => (await collector.conversation(q!.conversationId))?.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([question.trim()]);
});
