import type { LoggerDeps } from '../logger/conversation-logger.ts';
import type { SupportCopilot, WidgetConfig } from '../widget-core/widget-types.ts';
import { createWidget } from '../widget/widget.ts';

/**
 * The widget for apps that bundle it (npm). Importing this module touches no browser API, so it
 * is safe during server-side rendering; the chat panel is a separate chunk loaded on first open.
 */
export function createSupportCopilot(config: WidgetConfig, deps: LoggerDeps = {}): SupportCopilot {
  return createWidget(config, {
    loadPanel: () => import('./panel-chunk.ts'),
    // One chunk per language, fetched only for a page in that language.
    loadLocale: (code) => import('./locale-chunks.ts').then((m) => m.loadPack(code)),
    ...deps,
  });
}
