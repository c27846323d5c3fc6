/**
 * Script-tag entry: the loader. Works with or without the queue stub:
 *   window.SupportCopilot = window.SupportCopilot || function () { (window.SupportCopilot.q = window.SupportCopilot.q || []).push(arguments) };
 * It paints the launcher at once (embed-launcher.ts), then, after that first frame, fetches the
 * rest of the widget (`support-copilot-core.js`, beside this script) and creates it: the host page
 * pays for a small script before its first paint, and no storage, cookie or lock is touched before
 * it. Commands queued before load run in order once the widget exists; until then a command
 * returns a promise of its result. No command ever throws into the host page: errors are logged
 * with the field that is wrong and dispatched as `support-copilot:error`.
 */
import type { SupportCopilot, WidgetConfig } from './widget-core/widget-types.ts';
import { configFromAttributes } from './widget/embed-attributes.ts';
import { bare, ownCopy } from './core/own-copy.ts';
// Captured now, at the first script's start, for the files that load later (core/pristine.ts).
import { pristine } from './core/pristine.ts';
import { asSupportCopilotError, SupportCopilotError } from './core/support-copilot-error.ts';
import { paintLauncher, type EarlyLauncher } from './entries/embed-launcher.ts';
import { localeScriptLoader } from './entries/load-locale-script.ts';
import { panelScriptLoader } from './entries/load-panel-script.ts';
import { scriptChunkLoader } from './entries/load-script-chunk.ts';
import { guarded } from './core/guarded.ts';

type Command = (name: string, ...args: unknown[]) => unknown;
interface Global {
  SupportCopilot?: Command & { q?: ArrayLike<unknown>[]; loaded?: boolean };
}
type CoreModule = typeof import('./entries/core-chunk.ts');

const w = window as unknown as Global;
// Read now: `currentScript` is only set while this script first runs.
const script = document.currentScript as HTMLScriptElement | null;

/** A callback the browser calls from its own task (a timer, a frame, an event): what it meets is reported, never thrown into the page. */
const guard = (fn: () => void) => guarded(fn, fail);

/** Every error a command meets, as the one error class (a `code`, and `field` for bad input): in the console and on `document`. */
function fail(error: unknown): undefined {
  // Reporting itself may meet what failed (a built-in the page broke): it must not throw either.
  try {
    const e = asSupportCopilotError(error, 'unexpected', 'Unexpected error');
    console.error('[SupportCopilot]', e.message);
    document.dispatchEvent(new CustomEvent('support-copilot:error', bare({ detail: e })));
  } catch {
    /* nothing left to report with */
  }
  return undefined;
}

// The other chunks sit beside this script, wherever the host serves it from; so do the language packs.
const beside = (file: string) => new URL(file, script?.src || location.href).href;
const loadPanel = panelScriptLoader(beside('support-copilot-panel.js'));
const loadCore = scriptChunkLoader<CoreModule>(beside('support-copilot-core.js'), 'Core');
const loadLocale = localeScriptLoader((code) => beside(`support-copilot-locale-${code}.js`));

// `pristine &&`: always true; it keeps the capture in this file, which runs first.
if (pristine && !w.SupportCopilot?.loaded) {
  // Loops, not Array.from: an old library's Array.from may not take array-likes (arguments) or a function.
  const queued: unknown[][] = [];
  const q = w.SupportCopilot?.q ?? [];
  for (let i = 0; i < q.length; i++) queued.push([].slice.call(q[i]!));
  let instance: SupportCopilot | undefined;
  let starting = false;
  let launcher: EarlyLauncher | undefined;
  /** Commands held until the widget exists: each runs with `true` once it does, with `false` if it never will. */
  let waiting: ((ok: boolean) => void)[] = [];
  // Taken whole, not with splice(): a page's broken Array.prototype.splice would throw from our promise callbacks.
  const drain = () => {
    const w = waiting;
    waiting = [];
    return w;
  };

  const attributes = (): Partial<WidgetConfig> => {
    if (!script) return {};
    const { config, unknown } = configFromAttributes(script.dataset);
    if (unknown.length) console.warn('[SupportCopilot] unknown attributes ignored:', unknown.join(', '));
    return config;
  };
  const merged = (given: WidgetConfig): WidgetConfig => {
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
    return config;
  };

  /** Fetches the rest after the launcher's first frame (at once in a hidden tab, which paints none), then creates the widget. */
  function start(config: WidgetConfig): void {
    starting = true;
    let fetching = false;
    const fetchCore = guard(() => {
      if (fetching) return;
      fetching = true;
      loadCore()
        // In steps, each in a task of its own, the first after the chunk's (widget/widget.ts): no long task on a slow phone.
        .then((core) => core.startWidget(config, { loadPanel, loadLocale, ...(launcher ? { adoptShell: launcher.adoptShell } : {}) }))
        .then(
          (widget) => {
            instance = widget;
            for (const f of drain()) f(true);
          },
          (e) => {
            launcher?.remove();
            throw e;
          },
        )
        .then(undefined, (e) => {
          starting = false;
          fail(e);
          for (const f of drain()) f(false);
        });
    });
    const paint = guard(() => {
      try {
        launcher = paintLauncher(config, fetchCore);
      } catch {
        /* the widget makes its own launcher */
      }
      if (document.visibilityState === 'hidden') setTimeout(fetchCore);
      else requestAnimationFrame(guard(() => setTimeout(fetchCore)));
    });
    // A synchronous script in <head>: paint once there is a body.
    if (document.body || config.container) paint();
    else document.addEventListener('DOMContentLoaded', paint, bare({ once: true }));
  }

  const run: Command = (name, ...args) => {
    try {
      if (!instance && (starting || name !== 'init')) {
        // Before `init`, or while the rest loads: keep the order; a second `init` is an update.
        if (!starting) return void waiting.push((ok) => ok && run(name, ...args));
        return new Promise((done) => waiting.push((ok) => done(ok ? run(name === 'init' ? 'update' : name, ...args) : undefined)));
      }
      if (name === 'init') {
        // Own properties only: a page's `Object.prototype.chat` is not configuration.
        const given = ownCopy((args[0] ?? {}) as WidgetConfig);
        if (instance) return instance.update(given);
        start(merged(given));
        return undefined;
      }
      const target = instance as unknown as Record<string, unknown>;
      if (name === 'destroy') {
        instance!.destroy();
        instance = undefined;
        starting = false;
        return undefined;
      }
      if (typeof target[name] !== 'function' || name === 'logger') {
        throw new SupportCopilotError('invalid_input', `Unknown command "${name}"`, { issues: [{ path: 'command', message: 'expected a widget method (docs/api.md)' }] });
      }
      const result = (target[name] as (...a: unknown[]) => unknown)(...args);
      // Promise-returning commands (flush, logMessage) never reject into the host: they resolve to undefined on failure.
      return result instanceof Promise ? result.then(undefined, fail) : result;
    } catch (e) {
      return fail(e);
    }
  };

  w.SupportCopilot = Object.assign(run, { loaded: true });
  for (const args of queued) run(...(args as [string, ...unknown[]]));
  // The plain tag: `data-api-key` alone is enough.
  if (!starting && !queued.some((a) => a[0] === 'init') && script?.dataset.apiKey !== undefined) run('init');
}
