/**
 * The small surface the cross-engine scenarios need from a browser, so one scenario file runs in
 * Firefox (WebDriver BiDi, firefox.ts) and in WebKitGTK (classic WebDriver, webkit.ts). Elements
 * are named by a path of CSS selectors, each one inside the previous one's open shadow root (the
 * widget lives in one). Page code is passed as source text: the runner is compiled by tsx, whose
 * helpers must not end up inside a function sent to a browser.
 */

export interface EnginePage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs `body` (a function body: statements, with `return` for a value) in the page; JSON values only. */
  run<T>(body: string): Promise<T>;
  /** A real click (the driver's input actions) on the element at `path`. */
  click(path: string[]): Promise<void>;
  /** Types `text` into the element at `path` (focused first), then presses Enter when `enter`. */
  type(path: string[], text: string, enter?: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface Engine {
  /** e.g. `firefox-esr 153.8.0` */
  readonly name: string;
  readonly version: string;
  /** A new tab in the same profile (cookies and storage shared, as two tabs of one site). */
  newPage(): Promise<EnginePage>;
  /** Offline emulation, where the engine's driver has it (Firefox: yes; WebKitGTK: no). */
  setOffline?(page: EnginePage, offline: boolean): Promise<void>;
  quit(): Promise<void>;
}

/** Page source that finds the element at `path` (null when absent). */
export const find = (path: string[]) =>
  `(() => { let n = document; for (const s of ${JSON.stringify(path)}) { n = (n.shadowRoot || n).querySelector(s); if (!n) return null; } return n; })()`;

/** Polls `check` until it returns a truthy value (returned), or throws `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`waited ${timeoutMs / 1000} s for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
