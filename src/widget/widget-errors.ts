/**
 * Where the widget's errors go: the `error` event and the `support-copilot:error` DOM event. The
 * logger can report while it is being created (storage unavailable), before the event bus and the
 * UI exist: such errors are parked and fired once they do (never, if creation fails: then the
 * console line and the thrown error say it).
 */
import { asSupportCopilotError, type SupportCopilotError } from '../core/support-copilot-error.ts';
import type { EventBus } from '../widget-core/event-bus.ts';
import { guarded } from '../core/guarded.ts';

export interface WidgetErrors {
  report(e: unknown): void;
  /** An option refused at the door (its default used, or its current value kept by `update`): in the console too. */
  refuse(e: SupportCopilotError): void;
  /** The bus and the DOM are there: what was parked is fired after the caller's own code of this task. */
  wired(events: EventBus, dom: (name: string, detail: unknown) => void): void;
}

export function widgetErrors(): WidgetErrors {
  const early: SupportCopilotError[] = [];
  let events: EventBus | undefined;
  let dom: ((name: string, detail: unknown) => void) | undefined;
  const report = (e: unknown): void => {
    const error = asSupportCopilotError(e, 'unexpected', 'Unexpected error');
    if (!events) return void early.push(error);
    events.fire('error', { code: error.code, error: error.message });
    dom?.('error', error);
  };
  return {
    report,
    refuse(e) {
      console.error('[SupportCopilot]', e.message);
      report(e);
    },
    wired(bus, d) {
      events = bus;
      dom = d;
      // After the caller's own code of this task: listeners it adds with on() hear the early ones too.
      queueMicrotask(guarded(() => early.splice(0).forEach(report)));
    },
  };
}
