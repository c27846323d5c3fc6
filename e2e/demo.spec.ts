/**
 * The demo pages as a visitor sees them: the help-centre page (queue stub + script tag + developer
 * panel) under a strict CSP, and the plain copy-paste install. They use the shared `demo-web-key`
 * and inject no faults: other specs run in parallel against the same collector.
 */
import type { Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { test, expect } from './fixtures.ts';

const QUESTION = 'How do I install the widget?';

/** Serves pages with the policy the collector could send, and records anything that breaks. */
async function watchPage(page: Page, { csp }: { csp: boolean }): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  if (csp) {
    await page.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "default-src 'self'" } });
    });
  }
  return problems;
}

test('demo page: a streamed answer, and the collector receives both messages', async ({ page, collector }) => {
  const problems = await watchPage(page, { csp: true });
  await page.goto('/?dev=1');
  await expect(page).toHaveTitle('Acme Cloud Help Centre');
  await expect(page.getByRole('heading', { level: 1, name: 'How can we help?' })).toBeVisible();

  await page.getByRole('button', { name: 'Open support chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await expect(dialog).toBeVisible();

  // The conversation id, from the public command API, and the log's text over time.
  const conversationId = page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const w = window as unknown as { SupportCopilot: (...a: unknown[]) => unknown };
        w.SupportCopilot('on', 'user_message_submitted', (e: { properties: { conversation: { id: string } } }) => resolve(e.properties.conversation.id));
      }),
  );
  await page.evaluate(() => {
    const find = (root: Document | ShadowRoot): Element | null => {
      const hit = root.querySelector('[role="log"]');
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        const inner = el.shadowRoot && find(el.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    const log = find(document)!;
    const lengths: number[] = [];
    (window as unknown as { lengths: number[] }).lengths = lengths;
    new MutationObserver(() => lengths.push(log.textContent?.length ?? 0)).observe(log, { subtree: true, childList: true, characterData: true });
  });

  await dialog.getByRole('textbox', { name: 'Ask a question' }).fill(QUESTION);
  await dialog.getByRole('textbox', { name: 'Ask a question' }).press('Enter');

  const answerLink = dialog.getByRole('link', { name: 'Install guide', exact: true });
  await expect(answerLink).toBeVisible();
  await expect(answerLink).toHaveAttribute('href', /\/docs\/install$/);
  await expect(dialog.getByRole('button', { name: 'Helpful', exact: true })).toBeVisible();
  // Streamed: the answer grew in several steps, not in one go.
  const lengths = await page.evaluate(() => (window as unknown as { lengths: number[] }).lengths);
  const steps = new Set(lengths.filter((n, i) => i > 0 && n > lengths[i - 1]!));
  expect(steps.size, `log text lengths seen: ${lengths.join(', ')}`).toBeGreaterThanOrEqual(3);

  const id = await conversationId;
  await expect
    .poll(async () => (await collector.conversation(id))?.messages.map((m) => m.role), { timeout: 15_000 })
    .toEqual(['user', 'assistant']);
  const stored = await collector.conversation(id);
  expect(stored!.messages[0]!.content).toBe(QUESTION);
  expect(stored!.messages[1]!.content).toContain('/docs/install');

  // The developer panel shows the same: this tab's conversation, two messages, nothing pending.
  const panel = page.getByRole('complementary', { name: 'Developer panel' });
  const received = panel.getByRole('list', { name: 'Conversations received' }).getByRole('listitem').filter({ hasText: 'this tab' });
  await expect(received).toContainText('2 messages', { timeout: 10_000 });
  await expect(received).toContainText('assistant:');
  await expect(panel.locator('#s-pending')).toHaveText('0');
  await expect(panel.getByText('Storage: IndexedDB')).toBeVisible();

  expect(problems).toEqual([]);
});

test('demo page: the developer panel identifies the visitor, and the page passes axe', async ({ page }) => {
  const problems = await watchPage(page, { csp: true });
  await page.goto('/?dev=1');
  const panel = page.getByRole('complementary', { name: 'Developer panel' });
  await expect(panel.locator('#w-status')).toHaveText('ready');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await expect(panel.locator('#id-type')).toHaveText('COOKIED');
  await panel.getByRole('button', { name: 'Identify as u_42' }).click();
  await expect(panel.locator('#id-type')).toHaveText('ID_PROVIDED');
  await expect(panel.locator('#id-value')).toHaveText('u_42');
  await panel.getByRole('button', { name: 'Reset (log out)' }).click();
  await expect(panel.locator('#id-type')).toHaveText('COOKIED');
  await panel.getByRole('button', { name: 'Opt out of analytical cookies' }).click();
  await expect(panel.locator('#id-type')).toHaveText('ANONYMOUS');
  await expect(panel.getByRole('button', { name: 'Allow analytical cookies' })).toHaveAttribute('aria-pressed', 'true');
  // The panel closes and gives focus back to its toggle.
  await panel.getByRole('button', { name: 'Close developer panel' }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByRole('button', { name: 'Developer panel' })).toBeFocused();
  expect(problems).toEqual([]);
});

test('plain page: one script tag shows the launcher, without console errors', async ({ page }) => {
  const problems = await watchPage(page, { csp: false });
  await page.goto('/plain.html');
  const launcher = page.getByRole('button', { name: 'Open support chat' });
  await expect(launcher).toBeVisible();
  await launcher.click();
  await expect(page.getByRole('dialog', { name: 'Support' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(problems).toEqual([]);
});
