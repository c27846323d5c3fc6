import type { Ref } from 'preact';
import type { ChatMessage } from '../../chat/chat-session.ts';
import type { WidgetConfig, WidgetEventName } from '../../widget-core/widget-types.ts';
import type { Strings } from './strings.ts';
import { MessageList } from './message-list.tsx';
import { Composer } from './composer.tsx';
import { Icon, icons } from './icon.tsx';
import { Brand } from './brand.tsx';
import type { AroundProps } from '../../around/around-controller.ts';
import { AroundHeader } from './around-header.tsx';
import { AroundView } from './around-view.tsx';
import { fill } from '../../widget-core/fill.ts';

export interface PanelProps {
  messages: ChatMessage[];
  /** all user-visible text */
  strings: Strings;
  /** an answer is being generated: Send is disabled */
  busy: boolean;
  /** documents not yet delivered to analytics; status line hidden when 0 */
  pending: number;
  /** a problem to show in the status line (configuration error, storage full, ...) */
  notice: string | null;
  onClose(): void;
  onSend(text: string): void;
  onFeedback(messageId: string, type: 'positive' | 'negative', reasons?: string[], details?: string): void;
  onRetry(messageId: string): void;
  onNewConversation(): void;
  inputRef?: Ref<HTMLTextAreaElement>;
  // Answers (issue 12)
  /** the widget's options (brand, welcome, suggested questions, disclaimer, feedback reasons) */
  config: WidgetConfig;
  /** a widget event from inside an answer: copied, code copied, source or link opened */
  onAction(name: WidgetEventName, properties?: Record<string, unknown>): void;
  onStop(): void;
  onRegenerate(): void;
  // Around the chat (issue 13): views, Get help, history, transcript; inline mode (a region, no Close).
  around?: AroundProps | undefined;
  /** Full screen (a phone): a modal dialog, Tab stays inside it. */
  modal?: boolean;
}

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

/** The visible focusable elements of `el`, in Tab order (no positive tabindex here). */
export const focusables = (el: Element) => [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((x) => x.checkVisibility());

/** Modal: Tab from the last element goes to the first, Shift+Tab from the first to the last (WAI-ARIA's dialog pattern). */
function trapTab(e: KeyboardEvent & { currentTarget: HTMLElement }): void {
  const all = focusables(e.currentTarget);
  const active = (e.currentTarget.getRootNode() as ShadowRoot).activeElement;
  const edge = e.shiftKey ? all[0] : all.at(-1);
  if (active !== edge && e.currentTarget.contains(active)) return;
  e.preventDefault();
  (e.shiftKey ? all.at(-1) : all[0])?.focus();
}

/**
 * The chat dialog, in reading order (which is Tab order): header (title, Get help, New
 * conversation, Close), log (each answer, its sources, its actions), the help offer, status line,
 * composer. Escape closes from anywhere inside; a modal one (full screen) keeps Tab inside.
 */
export function Panel(p: PanelProps) {
  const s = p.strings;
  const status = [p.notice, p.pending > 0 && (p.pending == 1 ? s.pendingOne : fill(s.pending, { n: p.pending }))]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      class="panel"
      data-view={p.around?.view}
      role={p.around?.inline ? 'region' : 'dialog'}
      aria-modal={p.modal ? 'true' : undefined}
      aria-labelledby="sc-title"
      onKeyDown={(e) => {
        if (e.key == 'Escape' && !e.isComposing) {
          e.stopPropagation();
          p.onClose();
        } else if (e.key == 'Tab' && p.modal) trapTab(e);
      }}
    >
      <div class="head">
        <Brand config={p.config} title={s.title} />
        {p.around && <AroundHeader a={p.around} s={s} />}
        <button type="button" class="ib" aria-label={s.newConversation} title={s.newConversation} onClick={p.onNewConversation}>
          <Icon d={icons.edit} />
        </button>
        {!p.around?.inline && (
          <button type="button" class="ib" aria-label={s.close} title={s.close} onClick={p.onClose}>
            <Icon d={icons.close} />
          </button>
        )}
      </div>
      <MessageList {...p} strings={s} />
      {p.around && <AroundView a={p.around} s={s} onClose={p.onClose} />}
      <p class="status" role="status">
        {status}
      </p>
      {/* Stop while an answer streams, and while one waits out a retry (a transient failure note is last). */}
      <Composer strings={s} busy={p.busy || !!p.messages.at(-1)?.failure?.transient} onSend={p.onSend} onStop={p.onStop} disclaimer={p.config.disclaimer} inputRef={p.inputRef} />
    </div>
  );
}
