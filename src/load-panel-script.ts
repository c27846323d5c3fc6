/**
 * Loads the panel chunk next to the script-tag bundle (`support-copilot-panel.js` beside
 * `support-copilot.js`), as a classic script so it needs no more CSP than the bundle itself.
 */
type PanelModule = typeof import('./panel-chunk.ts');
let loading: Promise<PanelModule> | undefined;

export function panelScriptLoader(url: string): () => Promise<PanelModule> {
  return () =>
    (loading ??= new Promise<PanelModule>((resolve, reject) => {
      const w = window as unknown as { __supportCopilotPanel?: (m: PanelModule) => void };
      let registered = false;
      w.__supportCopilotPanel = (m) => {
        registered = true;
        delete w.__supportCopilotPanel;
        resolve(m);
      };
      injectScript(url, () => registered, (e) => {
        loading = undefined;
        reject(e);
      });
    }));
}

/** Adds a classic script that must register itself (with a global callback) before its load event. */
export function injectScript(url: string, registered: () => boolean, failed: (e: Error) => void): void {
  const s = document.createElement('script');
  const fail = (why: string) => {
    s.remove();
    failed(new Error(`Could not load ${url}: ${why}`));
  };
  s.src = url;
  s.async = true;
  // A classic script runs before its load event: no registration by then means a wrong or broken file.
  s.onload = () => (registered() ? s.remove() : fail('it did not register (version mismatch?)'));
  s.onerror = () => fail('network or server error');
  document.head.append(s);
}
