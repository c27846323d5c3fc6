/**
 * Script-tag entry. Works with or without the queue stub:
 *   window.SupportCopilot = window.SupportCopilot || function () { (window.SupportCopilot.q = window.SupportCopilot.q || []).push(arguments) };
 * Commands queued before load run in order once loaded; after load they run at once. No command
 * ever throws into the host page: errors are logged with the field that is wrong and dispatched
 * as `support-copilot:error`.
 */
import type { SupportCopilot, WidgetConfig } from './core/widget-types.ts';
import { createWidget } from './widget.ts';
import { panelScriptLoader } from './load-panel-script.ts';
import { localeScriptLoader } from './load-locale-script.ts';
import { configFromAttributes } from './embed-attributes.ts';

type Command = (name: string, ...args: unknown[]) => unknown;
interface Global {
  SupportCopilot?: Command & { q?: ArrayLike<unknown>[]; loaded?: boolean };
}

const w = window as unknown as Global;
// Read now: `currentScript` is only set while this script first runs.
const script = document.currentScript as HTMLScriptElement | null;

function fail(error: unknown): undefined {
  console.error('[SupportCopilot]', (error as Error)?.message ?? error);
  document.dispatchEvent(new CustomEvent('support-copilot:error', { detail: error }));
  return undefined;
}

// The panel chunk sits beside this script, wherever the host serves it from; so do the language packs.
const loadPanel = panelScriptLoader(new URL('support-copilot-panel.js', script?.src || location.href).href);
const loadLocale = localeScriptLoader((code) => new URL(`support-copilot-locale-${code}.js`, script?.src || location.href).href);

if (!w.SupportCopilot?.loaded) {
  const queued = Array.from(w.SupportCopilot?.q ?? [], (args) => Array.from(args));
  let instance: SupportCopilot | undefined;
  const waiting: unknown[][] = [];

  const attributes = (): Partial<WidgetConfig> => {
    if (!script) return {};
    const { config, unknown } = configFromAttributes(script.dataset);
    if (unknown.length) console.warn('[SupportCopilot] unknown attributes ignored:', unknown.join(', '));
    return config;
  };

  const run: Command = (name, ...args) => {
    try {
      if (name === 'init') {
        const given = (args[0] ?? {}) as WidgetConfig;
        if (instance) return instance.update(given);
        const base = attributes();
        const config = {
          ...base,
          ...given,
          ...(base.chat || given.chat ? { chat: { ...base.chat, ...given.chat } as WidgetConfig['chat'] } : {}),
          ...(base.privacyPreferences || given.privacyPreferences ? { privacyPreferences: { ...base.privacyPreferences, ...given.privacyPreferences } } : {}),
        } as WidgetConfig;
        // A relative analytics URL means relative to the page, like any other URL in HTML.
        try {
          if (typeof config.analyticsUrl === 'string') config.analyticsUrl = new URL(config.analyticsUrl, document.baseURI).href;
        } catch {
          /* left as given: config validation names the field */
        }
        instance = createWidget(config, { loadPanel, loadLocale });
        for (const cmd of waiting.splice(0)) run(...(cmd as [string, ...unknown[]]));
        return undefined;
      }
      if (!instance) {
        // Before `init`: keep the order, run them right after it.
        waiting.push([name, ...args]);
        return undefined;
      }
      const target = instance as unknown as Record<string, unknown>;
      if (name === 'destroy') {
        instance.destroy();
        instance = undefined;
        return undefined;
      }
      if (typeof target[name] !== 'function' || name === 'logger') throw new Error(`Unknown command "${name}"`);
      const result = (target[name] as (...a: unknown[]) => unknown)(...args);
      // Promise-returning commands (flush, logMessage) never reject into the host: they resolve to undefined on failure.
      return result instanceof Promise ? result.catch(fail) : result;
    } catch (e) {
      return fail(e);
    }
  };

  w.SupportCopilot = Object.assign(run, { loaded: true });
  for (const args of queued) run(...(args as [string, ...unknown[]]));
  // The plain tag: `data-api-key` alone is enough.
  if (!instance && !queued.some((a) => a[0] === 'init') && script?.dataset.apiKey !== undefined) run('init');
}
