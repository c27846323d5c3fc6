import type { LoggerDeps } from '../logger/conversation-logger.ts';
import type { SupportCopilot, WidgetConfig } from '../widget-core/widget-types.ts';
import { createWidget } from '../widget/widget.ts';
import { SupportCopilotError } from '../core/support-copilot-error.ts';

/**
 * The widget for apps that bundle it (npm). Importing this module touches no browser API, so it
 * is safe during server-side rendering; the chat panel is a separate chunk loaded on first open.
 */
export function createSupportCopilot(config: WidgetConfig, deps: LoggerDeps = {}): SupportCopilot {
  // Here, not in the widget: the script tag's copy runs in a browser by definition (its bytes are budgeted).
  if (typeof document === 'undefined') {
    throw new SupportCopilotError('invalid_input', 'createSupportCopilot() runs in the browser only: call it in an effect (useEffect, onMounted), not during server-side rendering');
  }
  return createWidget(config, {
    loadPanel: () => import('./panel-chunk.ts'),
    // One chunk per language, fetched only for a page in that language.
    loadLocale: (code) => import('./locale-chunks.ts').then((m) => m.loadPack(code)),
    ...deps,
  });
}
