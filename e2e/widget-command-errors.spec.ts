/**
 * Every script-tag command given a bad argument: nothing throws into the page, and the
 * `support-copilot:error` on `document` is a `SupportCopilotError` with a `code` and the `field`
 * named (docs/api.md, "Errors"), with the same text in the console. The class is tested by
 * enumeration: each public command with each kind of bad argument it can get.
 */
import { test, expect } from './fixtures.ts';
import { HostPages, watchPage, waitReady } from './widget-helpers.ts';

type Detail = { name: string; code: string; field: string; message: string; isError: boolean };

/** [command, args, the field the error must name] */
const BAD: [string, unknown[], string][] = [
  ['bogus', [], 'command'],
  ['logger', [], 'command'],
  ['open', ['bogus'], 'view'],
  ['update', [42], 'config'],
  ['update', [{ flushDelayMs: 'soon' }], 'flushDelayMs'],
  ['update', [{ theme: 'blue' }], 'theme'],
  ['init', [{ primaryColor: 'url(x)' }], 'primaryColor'],
  ['identify', [42], 'user'],
  ['identify', [{ id: {} }], 'id'],
  ['setConsent', [42], 'privacyPreferences'],
  ['setConsent', [{ optOutAllAnalytics: 'yes' }], 'optOutAllAnalytics'],
  ['logMessage', [42], 'message'],
  ['logMessage', [{ role: '', content: 'hi' }], 'role'],
  ['on', ['*', 42], 'listener'],
];

test('each command with a bad argument dispatches a SupportCopilotError with its code and the field named', async ({ page, apiKey, baseURL }) => {
  const issues = await watchPage(page);
  const hp = await HostPages.install(page);
  await page.goto(hp.host('host.html', { apiKey, analyticsUrl: baseURL!, chatUrl: '' }));
  await waitReady(page);
  for (const [command, args, field] of BAD) {
    const detail = await page.evaluate(
      async ([command, args]) => {
        const got = new Promise<unknown>((resolve) => document.addEventListener('support-copilot:error', (e) => resolve((e as CustomEvent).detail), { once: true }));
        const sc = (window as unknown as { SupportCopilot: (...a: unknown[]) => unknown }).SupportCopilot;
        let thrown: unknown = null;
        try {
          await sc(command, ...(args as unknown[]));
        } catch (e) {
          thrown = e;
        }
        if (thrown) return { thrown: String(thrown) };
        const d = (await Promise.race([got, new Promise((r) => setTimeout(() => r(null), 2000))])) as Record<string, unknown> | null;
        return d && { name: d.name, code: d.code, field: d.field, message: d.message, isError: d instanceof Error };
      },
      [command, args] as const,
    );
    const what = `${command}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
    expect.soft(detail, what).toEqual({ name: 'SupportCopilotError', code: 'invalid_input', field, message: expect.any(String), isError: true });
    expect.soft(issues.consoleErrors.at(-1), what).toBe(`[SupportCopilot] ${(detail as Detail | null)?.message}`);
  }
  expect(issues.pageErrors).toEqual([]);
});
