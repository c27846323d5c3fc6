import { describe, expect, it } from 'vitest';
import { normalizeShortcut, pressedShortcut, type KeyLike } from './shortcut.ts';

const key = (k: string, o: Partial<KeyLike> = {}): KeyLike => ({ key: k, code: '', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...o });
const matches = (spec: string, e: KeyLike, apple = false) => pressedShortcut(e, spec) === normalizeShortcut(spec, apple);

describe('shortcuts', () => {
  it('normalizes specs: mod is Ctrl, or Cmd on Apple; modifiers in a fixed order; case and spaces ignored', () => {
    expect(normalizeShortcut('mod+k', false)).toBe('ctrl+k');
    expect(normalizeShortcut('Mod + K', true)).toBe('meta+k');
    expect(normalizeShortcut('shift+ctrl+/', false)).toBe('ctrl+shift+/');
    expect(normalizeShortcut('?', false)).toBe('?');
    expect(normalizeShortcut('alt+meta+enter', false)).toBe('alt+meta+enter');
  });

  it('refuses what is not one key with known modifiers', () => {
    for (const bad of ['', 'mod', 'ctrl+', 'hyper+k', 'ctrl+shift', 'cmd+k']) expect(normalizeShortcut(bad, false), bad).toBeNull();
  });

  it('matches exactly the keys of the spec', () => {
    expect(matches('mod+k', key('k', { ctrlKey: true }))).toBe(true);
    expect(matches('mod+k', key('K', { ctrlKey: true }))).toBe(true);
    expect(matches('mod+k', key('k', { metaKey: true }), true)).toBe(true);
    expect(matches('mod+k', key('k', { metaKey: true }))).toBe(false);
    expect(matches('mod+k', key('k'))).toBe(false);
    expect(matches('mod+k', key('k', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(matches('mod+k', key('k', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(matches('mod+k', key('j', { ctrlKey: true }))).toBe(false);
  });

  it('takes letters by position on non-Latin layouts', () => {
    expect(matches('mod+k', key('л', { code: 'KeyK', ctrlKey: true }))).toBe(true);
    expect(matches('mod+k', key('л', { code: 'KeyL', ctrlKey: true }))).toBe(false);
  });

  it('lets Shift make symbols ("?" is Shift+/) unless the spec names it', () => {
    expect(matches('?', key('?', { shiftKey: true, code: 'Slash' }))).toBe(true);
    expect(matches('shift+/', key('/', { shiftKey: true }))).toBe(true);
    expect(matches('shift+/', key('/'))).toBe(false);
  });
});
