/**
 * Family 11: the widget embedded where the browser denies what it relies on (helpers and the whole
 * story in embedded.ts): a sandboxed iframe and a third-party iframe, through the script tag.
 */
import { test, expect } from './ledger.ts';
import { embed, scenario } from './embedded.ts';

test('the widget in a sandboxed iframe (allow-scripts): memory, tab-only, everything delivered, no busy loop, no page error', async ({ page, apiKey, baseURL, ledger }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const frame = await embed(page, 'sandboxed', apiKey, baseURL!);
  expect(await frame.evaluate(() => origin)).toBe('null');
  await scenario(page, frame, ledger, { storage: 'memory', locks: 'tab-only' });
  expect(pageErrors).toEqual([]);
});

test('the widget in a third-party iframe whose storage and locks are denied: memory, tab-only, everything delivered', async ({ page, apiKey, baseURL, ledger }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const frame = await embed(page, 'third-party', apiKey, baseURL!);
  await scenario(page, frame, ledger, { storage: 'memory', locks: 'tab-only' });
  expect(pageErrors).toEqual([]);
});
