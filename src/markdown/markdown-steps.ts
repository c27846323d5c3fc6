/**
 * The parser's work, counted so that its linear time is tested by counting, never by timing
 * (markdown-linear.test.ts): one step per iteration of each of its loops; the test adds the
 * characters each string and array method goes over. Counted only under Vitest: every build
 * replaces `import.meta.env` with its own mode, so `step()` is empty there and the bundler drops
 * every call (no trace of it in dist/: checked by the same test).
 */
const COUNTING = (import.meta as { env?: { MODE?: string } }).env?.MODE === 'test';

export const markdownWork = { steps: 0 };

export function step(n = 1): void {
  if (COUNTING) markdownWork.steps += n;
}
