/**
 * Feedback from the store (issue 12 item 5): the thumbs state comes from the stored answer, so it
 * survives a reload and shows in another tab; "Not helpful" opens a form whose reasons reach the
 * collector with `details`; the form works from the keyboard alone.
 */
import { test, expect } from './fixtures.ts';
import { INSTALL_ANSWER, shownMessages } from './widget-helpers.ts';
import { openHost, otherTab } from './answers-helpers.ts';

test('the vote survives a reload and shows in another tab', async ({ page, apiKey, baseURL, collector }) => {
  const { u, hp } = await openHost(page, { apiKey, analyticsUrl: baseURL! });
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.log).toContainText(INSTALL_ANSWER);
  await u.helpful.click();
  await expect(u.helpful).toHaveAttribute('aria-pressed', 'true');
  const answer = (await shownMessages(page)).find((m) => m.role === 'assistant')!;
  // Stored in the answer itself (delivered with the conversation), and as a feedback document.
  await expect
    .poll(async () => (await collector.conversation(answer.conversationId))?.messages.map((m) => (m as { properties?: Record<string, unknown> }).properties?.feedback ?? null))
    .toEqual([null, 'positive']);
  await expect.poll(async () => (await collector.feedback()).filter((f) => f.messageId === answer.messageId).map((f) => f.type)).toEqual(['positive']);

  await page.reload();
  await expect(u.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await expect(u.helpful).toHaveAttribute('aria-pressed', 'true');
  await expect(u.notHelpful).toHaveAttribute('aria-pressed', 'false');

  // Another tab of the same site shows the same conversation with the vote; a change there shows here after a look.
  const { u: o } = await otherTab(page, hp);
  await expect(o.helpful).toHaveAttribute('aria-pressed', 'true');
  await o.notHelpful.click();
  await expect(o.notHelpful).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await collector.feedback()).filter((f) => f.messageId === answer.messageId).map((f) => f.type)).toEqual(['negative']);
  await page.reload();
  await expect(u.dialog).toBeVisible(); // open again after a reload: remembered for the tab
  await expect(u.notHelpful).toHaveAttribute('aria-pressed', 'true');
  await expect(u.helpful).toHaveAttribute('aria-pressed', 'false');
});

test('Not helpful opens the form; reasons (toggle buttons) and Tell us more reach the collector with details, from the keyboard alone', async ({ page, apiKey, baseURL, collector }) => {
  const before = `SupportCopilot('init', { feedbackReasons: ['Wrong', 'Too long', 'Off topic'] });`;
  const { u } = await openHost(page, { apiKey, analyticsUrl: baseURL!, stub: true, before });
  await u.input.fill('How do I install it?');
  await u.input.press('Enter');
  await expect(u.helpful).toBeVisible();
  const answer = (await shownMessages(page)).find((m) => m.role === 'assistant')!;
  await u.notHelpful.focus();
  await page.keyboard.press('Enter');
  await expect(u.notHelpful).toHaveAttribute('aria-pressed', 'true');
  const form = u.dialog.getByRole('form', { name: 'What went wrong?' });
  await expect(form).toBeVisible();
  await expect(form.getByRole('button')).toHaveText(['Wrong', 'Too long', 'Off topic', 'Submit feedback']);
  // Keyboard: Tab moves through the reasons (Enter and Space toggle), then the text box, then Submit.
  await page.keyboard.press('Tab'); // Copy answer
  await page.keyboard.press('Tab'); // Regenerate
  await page.keyboard.press('Tab');
  await expect(form.getByRole('button', { name: 'Wrong' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(form.getByRole('button', { name: 'Wrong' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(form.getByRole('button', { name: 'Off topic' })).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Space');
  await page.keyboard.press('Space');
  await expect(form.getByRole('button', { name: 'Off topic' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Tab');
  await expect(form.getByRole('textbox', { name: 'Tell us more' })).toBeFocused();
  await page.keyboard.type('The port is 8787, not 80.');
  await page.keyboard.press('Tab');
  await expect(form.getByRole('button', { name: 'Submit feedback' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(u.dialog.getByText('Thanks, your feedback helps us improve.')).toBeVisible();
  await expect
    .poll(async () => (await collector.feedback()).find((f) => f.messageId === answer.messageId))
    .toMatchObject({
      type: 'negative',
      details: 'The port is 8787, not 80.',
      reasons: [
        { label: 'Wrong', details: 'The port is 8787, not 80.' },
        { label: 'Off topic', details: 'The port is 8787, not 80.' },
      ],
    });
});
