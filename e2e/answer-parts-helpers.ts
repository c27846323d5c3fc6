/**
 * A host `answer` that yields typed answer parts (issue 19) the test scripts from the page:
 * `window.__parts.parts` in order (a `{ wait: ms }` entry pauses); with `hold`, it then waits for
 * parts added to that list (a new list that starts with the same parts goes on) until `release`
 * (or its signal aborts). Each call is counted. Used by the endings spec and the
 * screenshots of its states.
 */
import type { Page } from '@playwright/test';

export const PARTS_ANSWER = `window.__parts = { parts: ['Hello'], hold: false, release: false, calls: 0 };
window.__partsAnswer = async function* (ctx) {
  window.__parts.calls++;
  for (let i = 0; ; ) {
    const list = window.__parts.parts;
    if (i < list.length) {
      const p = list[i++];
      if (p && p.wait) await new Promise((r) => setTimeout(r, p.wait));
      else yield p;
      await new Promise((r) => setTimeout(r, 10));
      continue;
    }
    if (!window.__parts.hold || window.__parts.release) return;
    if (ctx.signal.aborted) throw ctx.signal.reason;
    await new Promise((r) => setTimeout(r, 20));
  }
};
SupportCopilot('init', { answer: window.__partsAnswer });`;

type Part = string | Record<string, unknown>;

export const setParts = (page: Page, a: { parts?: Part[]; hold?: boolean; release?: boolean }) =>
  page.evaluate((x) => Object.assign((window as unknown as { __parts: object }).__parts, x), a);
export const partsCalls = (page: Page) => page.evaluate(() => (window as unknown as { __parts: { calls: number } }).__parts.calls);

/** An answer found by a tool call: sources first (as Inkeep's provideLinks and the AI SDK send them), then text citing them by number. */
export const SOURCED: Part[] = [
  { type: 'reasoning-delta', delta: 'Searching the docs for the install steps…' },
  { type: 'source', url: 'https://docs.acme.example/install/script-tag', title: 'Install with a script tag', breadcrumbs: ['Docs', 'Install'] },
  { type: 'source', url: 'https://docs.acme.example/guides/single-page-apps', title: 'Single-page apps', breadcrumbs: ['Docs', 'Guides'], description: 'React, Vue and others' },
  'Add one script tag before `</body>` [1](https://docs.acme.example/install/script-tag). ',
  'In a single-page app, create the widget once, in the browser [(2)](https://docs.acme.example/guides/single-page-apps).',
  { type: 'finish', reason: 'stop' },
];
