/**
 * The panel side of the widget's UI: the panel chunk, loaded once (on first open, or early when the
 * visitor points at the launcher; a failed load is tried again at the next open), and what is built
 * from it: the Preact panel in the shell's slot, the views around the chat, the shell's extras.
 */
import type { AroundController } from '../around/around-controller.ts';
import { uuidv7 } from '../core/ids.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';
import type { Shell } from '../ui/shell/shell.ts';
import type { PanelView } from '../ui/panel/panel-view.tsx';
import type { Strings, WidgetView } from '../widget-core/widget-types.ts';
import { panelProps } from './panel-props.ts';
import type { PanelChunk, WidgetUiDeps } from './ui-contracts.ts';

export interface PanelSideDeps {
  ui: WidgetUiDeps;
  shell: () => Shell | undefined;
  strings: () => Strings;
  locale: () => string;
  focusKey: () => number;
  close: () => void;
  render: () => void;
  failed: (e: SupportCopilotError) => void;
  guard: <A extends unknown[]>(fn: (...a: A) => unknown) => (...a: A) => void;
}

export interface PanelSide {
  load(): Promise<void>;
  chunk(): PanelChunk | undefined;
  mounted(): boolean;
  /** A view asked for by open(view): shown now, or as soon as the panel exists. */
  show(view: WidgetView): void;
  update(): void;
  destroy(): void;
}

export function createPanelSide(d: PanelSideDeps): PanelSide {
  const { ui: u, guard } = d;
  let loading: Promise<void> | undefined;
  let chunk: PanelChunk | undefined;
  let panel: PanelView | undefined;
  let around: AroundController | undefined;
  let pendingView: WidgetView | undefined;
  let undoExtras = () => {};
  let destroyed = false;
  const props = () => panelProps(d.focusKey(), u, d.strings(), around, d.close, guard);
  const mount = (m: PanelChunk) => {
    chunk = m;
    const shell = d.shell();
    if (destroyed || !shell) return;
    const { config, names, logger, session, pointer, events, pageContext, report } = u;
    around = m.createAroundController({ config, names, strings: d.strings, locale: d.locale, logger, session, pointer, events, pageContext, newId: () => uuidv7(), close: d.close, changed: d.render, report, view: pendingView });
    panel = m.mountPanel(shell.slot, shell.root, props(), report);
    undoExtras = m.extendShell(shell);
    d.render();
  };
  return {
    load: () =>
      (loading ??= u.deps.loadPanel().then(guard(mount), (e) => {
        loading = undefined;
        d.failed(new SupportCopilotError('panel_unavailable', (e as Error)?.message ?? String(e), { cause: e }));
      })),
    chunk: () => chunk,
    mounted: () => !!panel,
    show: (view) => around?.show((pendingView = view)),
    update: () => panel?.update(props()),
    destroy() {
      destroyed = true;
      undoExtras();
      around?.destroy();
      panel?.unmount();
    },
  };
}
