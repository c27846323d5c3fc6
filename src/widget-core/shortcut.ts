/**
 * Keyboard shortcuts like `mod+k`, `ctrl+shift+/`, `?`, as one normalized string (modifiers in a
 * fixed order, then the key) for the spec and for each key press. Pure. `mod` is Cmd on Apple
 * platforms and Ctrl elsewhere, as in VS Code and Slack.
 */
const ORDER = ['ctrl', 'alt', 'shift', 'meta'];

/** `mod+K` -> `ctrl+k` (`meta+k` on Apple); null when it is not one key with modifiers among mod, ctrl, alt, shift, meta. */
export function normalizeShortcut(spec: string, apple: boolean): string | null {
  const parts = spec.toLowerCase().replace(/\s/g, '').split('+');
  const key = parts.pop();
  const mods = parts.map((p) => (p === 'mod' ? (apple ? 'meta' : 'ctrl') : p));
  if (!key || ORDER.includes(key) || key === 'mod' || mods.some((m) => !ORDER.includes(m))) return null;
  return [...ORDER.filter((m) => mods.includes(m)), key].join('+');
}

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * A key press in that form. Letters by position (`KeyK`) when the layout is not Latin, so `mod+k`
 * works on a Russian keyboard too. Shift counts only for letters and digits unless the spec names
 * it: it is how "?" is typed (Shift+/), so `?` must match without saying so.
 */
export function pressedShortcut(e: KeyLike, spec: string): string {
  const latin = /^[a-z0-9]$/i.test(e.key);
  const key = !latin && /^Key[A-Z]$/.test(e.code ?? '') ? e.code!.slice(3).toLowerCase() : e.key.toLowerCase();
  const shift = e.shiftKey && (/^[a-z0-9]$/.test(key) || spec.includes('shift'));
  return [e.ctrlKey && 'ctrl', e.altKey && 'alt', shift && 'shift', e.metaKey && 'meta', key].filter(Boolean).join('+');
}
