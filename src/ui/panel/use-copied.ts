import { useEffect, useState } from 'preact/hooks';
import { guarded } from '../../core/guarded.ts';

/**
 * Copies text to the clipboard and says so for 2 s: `[copied, copy]`. `copied` stays false when
 * the browser refuses (no permission, insecure page), so nothing claims a copy that did not happen.
 */
export function useCopied(done?: () => void): [boolean, (text: string) => void] {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(guarded(() => setCopied(false)), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  const copy = (text: string) => {
    void Promise.resolve()
      .then(() => navigator.clipboard.writeText(text))
      .then(
        () => {
          setCopied(true);
          done?.();
        },
        () => {},
      );
  };
  return [copied, copy];
}
