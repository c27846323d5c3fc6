/**
 * `update(partial)`: each level validates its own part of the merged configuration once (the
 * widget here, the logger in its own update()). A refused value changes nothing: the current one
 * stays, and the logger does not see (and report) it again.
 */
import { warnUnknownKeys } from '../core/config.ts';
import { ownCopy } from '../core/own-copy.ts';
import type { LoggerConfig } from '../core/public-types.ts';
import { invalidInput, type SupportCopilotError } from '../core/support-copilot-error.ts';
import type { WidgetConfig } from '../widget-core/widget-types.ts';
import { checkWidgetConfig, loggerPart, WIDGET_KEYS } from './widget-config.ts';

type Loose = Record<string, unknown>;

/** The next configuration, and the part of `partial` that was accepted (own keys only). */
export function mergeUpdate(current: WidgetConfig, partial: Partial<WidgetConfig> | undefined, refuse: (e: SupportCopilotError) => void): { next: WidgetConfig; accepted: Partial<WidgetConfig>; logger: Partial<LoggerConfig> } {
  if (partial != null && (typeof partial !== 'object' || Array.isArray(partial))) throw invalidInput('config', [{ path: '', message: 'expected an object of options' }]);
  // Own properties only: `'locale' in partial` must not see a page's `Object.prototype.locale`.
  const accepted = ownCopy(partial ?? {}) as Loose;
  warnUnknownKeys(accepted, WIDGET_KEYS);
  const refused: string[] = [];
  const next = checkWidgetConfig({ ...current, ...accepted }, false, (e) => (refused.push(e.field!.split('.')[0]!), refuse(e))) as unknown as Loose;
  for (const k of refused) {
    delete accepted[k];
    if (k in current) next[k] = (current as unknown as Loose)[k];
    // The current address stays, so its contact form entry does too.
    if (k === 'ticketUrl' && !('getHelp' in accepted)) next.getHelp = current.getHelp;
  }
  return { next: next as unknown as WidgetConfig, accepted: accepted as Partial<WidgetConfig>, logger: loggerPart(accepted as Partial<WidgetConfig>) };
}
