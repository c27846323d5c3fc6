/**
 * The chat panel chunk: Preact, the panel components and their styles. Loaded on first open
 * (`import()` from npm; a sibling script for the script tag), so visitors who never open the
 * chat never download it.
 */
import { Component, h, render, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Panel, type PanelProps } from './panel.tsx';
import { panelCss } from './panel-styles.ts';
import { adopt } from '../shell/shell.ts';
import { answerStrings } from './answer-strings.ts';
import type { Strings } from './strings.ts';
import { aroundCss } from './around-styles.ts';
import { panelRoot, reportHandlerErrors } from './guard-handlers.ts';
import { guarded } from '../../core/guarded.ts';
import { afterFrame } from '../../core/next-frame.ts';
import { Icon } from './icon.tsx';
import { icons } from './icons.ts';

export type PanelViewProps = Omit<PanelProps, 'inputRef' | 'strings'> & {
  /** Changes on every open: the panel stays mounted while closed (keeping a draft), so this moves focus in again. 0: no open asked for focus yet (a panel restored open, inline at load). */
  focusKey: number;
  /** The answers' strings default here, in the chunk (answer-strings.ts). */
  strings: Omit<Strings, keyof typeof answerStrings> & Partial<Strings>;
};

export interface PanelView {
  update(props: PanelViewProps): void;
  unmount(): void;
}

/** Whether the panel is full screen (the breakpoint of panel-styles.ts): it is then a modal dialog. */
function usePhone(): boolean {
  const [phone, setPhone] = useState(() => matchMedia(PHONE).matches);
  useEffect(() => {
    const m = matchMedia(PHONE);
    const on = guarded(() => setPhone(m.matches));
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return phone;
}
const PHONE = '(max-width: 480px)';

/**
 * Focus never falls to the page while the panel is open: when the element that had it goes away (a
 * sent form's button, a dismissed offer, a view closed), it moves to the open view's heading or the
 * question box. Checked after each render, and a frame later for elements hidden by a style change.
 */
function useFocusKept(input: { current: HTMLTextAreaElement | null }): void {
  const last = useRef<Element | null>(null);
  useEffect(() => {
    const root = input.current?.getRootNode() as ShadowRoot | undefined;
    const note = guarded((e: Event) => (last.current = e.composedPath()[0] as Element));
    root?.addEventListener('focusin', note);
    return () => root?.removeEventListener('focusin', note);
  }, []);
  const check = guarded(() => {
    const el = last.current;
    const panel = input.current?.closest('.panel');
    if (!el || !panel || (panel.getRootNode() as ShadowRoot).activeElement || document.activeElement !== document.body) return;
    if (el.isConnected && el.checkVisibility()) return;
    const target = panel.querySelector<HTMLElement>('.view h2') ?? input.current;
    if (target?.checkVisibility()) target.focus();
  });
  useLayoutEffect(() => {
    check();
    return afterFrame(check);
  });
}

function FocusedPanel(p: PanelViewProps) {
  const input = useRef<HTMLTextAreaElement>(null);
  // Opening moves focus into the dialog, to the question box; never at page load unless asked to (`open: true`).
  useLayoutEffect(() => void (p.focusKey && input.current?.focus()), [p.focusKey]);
  useFocusKept(input);
  const modal = usePhone() && !p.around?.inline;
  // Analytics delivery is for integrators (agent consoles), not for visitors: its line is off unless asked for.
  const delivery = p.config.showDeliveryStatus;
  return <Panel {...p} modal={modal} pending={delivery ? p.pending : 0} notice={delivery ? p.notice : null} strings={{ ...answerStrings, ...p.strings }} inputRef={input} />;
}

let sheet: CSSStyleSheet | undefined;
let aroundSheet: CSSStyleSheet | undefined;

/** `report`: where errors of the panel's handlers, renders and effects go (never the page). */
export function mountPanel(slot: HTMLElement, root: ShadowRoot, props: PanelViewProps, report: (e: unknown) => void): PanelView {
  sheet = adopt(root, panelCss, sheet);
  aroundSheet = adopt(root, aroundCss, aroundSheet);
  const stop = reportHandlerErrors(root, report);
  // Two boundaries: the inner one's note needs the DOM too, and when the page broke that as well
  // (`createTextNode`, `insertBefore`) its error would escape from Preact's render queue to the page;
  // when it broke what even the last one needs to draw nothing (`parentNode`), the root reports it.
  const update = (p: PanelViewProps) => render(panelRoot(h(Boundary, { report, p, last: true }, h(Boundary, { report, p }, h(FocusedPanel, p))), report), slot);
  update(props);
  return {
    update,
    unmount: () => {
      render(null, slot);
      stop();
    },
  };
}

/**
 * A render or effect that throws is reported, and the panel says it cannot be shown, instead of
 * the error reaching the page (rendering the same tree again would throw again, in a loop). The
 * note keeps the panel's frame: a title, Close, and Try again (a fault that has passed, such as a
 * page script that broke a built-in for a moment, then gives the chat back). The `last` one, around
 * it, shows nothing: it is reached only when the note itself cannot be drawn.
 */
class Boundary extends Component<{ report: (e: unknown) => void; p: PanelViewProps; last?: boolean; children?: ComponentChildren }, { failed?: boolean }> {
  override componentDidCatch(e: unknown) {
    this.props.report(e);
    this.setState({ failed: true });
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    if (this.props.last) return null;
    const p = this.props.p;
    const s = { ...answerStrings, ...p.strings };
    return (
      <div class="panel" role={p.around?.inline ? 'region' : 'dialog'} aria-labelledby="sc-title" onKeyDown={(e) => e.key == 'Escape' && p.onClose()}>
        <div class="head">
          <div class="brand">
            <h2 id="sc-title">{p.config.brandName || s.title}</h2>
          </div>
          {!p.around?.inline && (
            <button type="button" class="ib" aria-label={s.close} title={s.close} onClick={p.onClose}>
              <Icon d={icons.close} />
            </button>
          )}
        </div>
        <div class="panel-failed" role="alert">
          <p>{s.error}</p>
          <button type="button" class="primary" onClick={() => this.setState({ failed: false })}>
            {s.tryAgain}
          </button>
        </div>
      </div>
    );
  }
}
