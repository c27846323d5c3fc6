/**
 * The chat panel chunk: Preact, the panel components and their styles. Loaded on first open
 * (`import()` from npm; a sibling script for the script tag), so visitors who never open the
 * chat never download it.
 */
import { h, render } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { Panel, type PanelProps } from './panel.tsx';
import { panelCss } from './panel-styles.ts';
import { adopt } from '../shell/shell.ts';
import { answerStrings } from './answer-strings.ts';
import type { Strings } from './strings.ts';
import { aroundCss } from './around-styles.ts';

export type PanelViewProps = Omit<PanelProps, 'inputRef' | 'strings'> & {
  /** Changes on every open: the panel stays mounted while closed (keeping a draft), so this moves focus in again. */
  focusKey: number;
  /** The answers' strings default here, in the chunk (answer-strings.ts). */
  strings: Omit<Strings, keyof typeof answerStrings> & Partial<Strings>;
};

export interface PanelView {
  update(props: PanelViewProps): void;
  unmount(): void;
}

function FocusedPanel(p: PanelViewProps) {
  const input = useRef<HTMLTextAreaElement>(null);
  // Opening moves focus into the dialog, to the question box (inline, only when asked to: never at page load).
  useLayoutEffect(() => void ((p.focusKey || !p.around?.inline) && input.current?.focus()), [p.focusKey]);
  // Analytics delivery is for integrators (agent consoles), not for visitors: its line is off unless asked for.
  const delivery = p.config.showDeliveryStatus;
  return <Panel {...p} pending={delivery ? p.pending : 0} notice={delivery ? p.notice : null} strings={{ ...answerStrings, ...p.strings }} inputRef={input} />;
}

let sheet: CSSStyleSheet | undefined;
let aroundSheet: CSSStyleSheet | undefined;

export function mountPanel(slot: HTMLElement, root: ShadowRoot, props: PanelViewProps): PanelView {
  sheet = adopt(root, panelCss, sheet);
  aroundSheet = adopt(root, aroundCss, aroundSheet);
  const update = (p: PanelViewProps) => render(h(FocusedPanel, p), slot);
  update(props);
  return { update, unmount: () => render(null, slot) };
}
