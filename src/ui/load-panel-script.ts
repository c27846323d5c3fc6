/**
 * Loads the panel chunk next to the script-tag bundle (`support-copilot-panel.js` beside
 * `support-copilot.js`), as a classic script so it needs no more CSP than the bundle itself.
 */
type PanelModule = typeof import('../panel-chunk.ts');
let loading: Promise<PanelModule> | undefined;

export function panelScriptLoader(url: string): () => Promise<PanelModule> {
  return () =>
    (loading ??= new Promise<PanelModule>((resolve, reject) => {
      const w = window as unknown as { __supportCopilotPanel?: (m: PanelModule) => void };
      w.__supportCopilotPanel = (m) => {
        delete w.__supportCopilotPanel;
        resolve(m);
      };
      const s = document.createElement('script');
      s.src = url;
      s.async = true;
      s.onload = () => s.remove();
      s.onerror = () => {
        loading = undefined;
        s.remove();
        reject(new Error(`Could not load ${url}`));
      };
      document.head.append(s);
    }));
}
