/**
 * Loads a chunk of the script-tag build that sits next to the bundle, as a classic script (so it
 * needs no more CSP than the bundle itself): the chunk hands its module to
 * `window.__supportCopilot<Name>`. Once at a time; a failure can be retried.
 */
export function scriptChunkLoader<T>(url: string, name: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= new Promise<T>((resolve, reject) => {
      const w = window as unknown as Record<string, ((m: T) => void) | undefined>;
      const slot = `__supportCopilot${name}`;
      let registered = false;
      w[slot] = (m) => {
        registered = true;
        delete w[slot];
        resolve(m);
      };
      const s = document.createElement('script');
      const fail = (why: string) => {
        loading = undefined;
        s.remove();
        reject(new Error(`Could not load ${url}: ${why}`));
      };
      s.src = url;
      s.async = true;
      // A classic script runs before its load event: no registration by then means a wrong or broken file.
      s.onload = () => (registered ? s.remove() : fail('it did not register (version mismatch?)'));
      s.onerror = () => fail('network or server error');
      document.head.append(s);
    }));
}
