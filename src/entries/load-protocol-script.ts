/**
 * The script tag's answer protocols other than the default: one classic script each beside the
 * panel chunk (`support-copilot-protocol-<name>.js`, built by scripts/build-protocols.mjs), loaded
 * once, only by a page that uses it; it hands itself to `__supportCopilotProtocol(name, protocol)`,
 * a global that exists only while a file loads. A file that fails to load (or to register) can be
 * tried again.
 */
import type { AnswerProtocol, ProtocolLoader } from '../chat/protocols/protocol.ts';
import { guarded } from '../core/guarded.ts';

export function protocolScriptLoader(base: string): ProtocolLoader {
  const w = window as unknown as { __supportCopilotProtocol?: (name: string, p: AnswerProtocol) => void };
  const loading: Record<string, Promise<AnswerProtocol>> = Object.create(null);
  const waiting: Record<string, (p: AnswerProtocol) => void> = Object.create(null);
  return (name) =>
    (loading[name] ??= new Promise<AnswerProtocol>((resolve, reject) => {
      const s = document.createElement('script');
      let got: AnswerProtocol | undefined;
      waiting[name] = (p) => resolve((got = p));
      w.__supportCopilotProtocol = (n, p) => waiting[n]?.(p);
      // A classic script runs before its load event: nothing registered by then means a wrong or broken file.
      s.onload = s.onerror = guarded(() => {
        if (!got) delete loading[name], reject(new Error(`Could not load ${s.src}`));
        s.remove();
        delete waiting[name];
        if (!Object.keys(waiting).length) delete w.__supportCopilotProtocol;
      }, reject);
      s.src = new URL(`support-copilot-protocol-${name}.js`, base).href;
      document.head.append(s);
    }));
}
