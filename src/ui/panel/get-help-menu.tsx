import { useLayoutEffect, useRef } from 'preact/hooks';
import type { AroundProps } from '../../around/around-controller.ts';
import type { Strings } from './strings.ts';
import { HelpEntryControl } from './help-entry.tsx';
import { Icon, icons } from './icon.tsx';

/**
 * "Get help" in the panel header: a disclosure button and its list of entries (links, the
 * contact form, host callbacks). Arrow keys move between entries, Escape closes the list (not
 * the panel) and returns focus to the button; focus leaving the list closes it.
 */
export function GetHelpMenu({ a, s }: { a: AroundProps; s: Strings }) {
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  // A layout effect: focus is on the first entry in the same task as the menu appears, so an Enter typed right after
  // the one that opened it chooses that entry (after a paint, it reached the Get help button and closed the menu).
  useLayoutEffect(() => {
    if (a.menuOpen && !opened.current) list.current?.querySelector<HTMLElement>('.item')?.focus();
    opened.current = a.menuOpen;
  }, [a.menuOpen]);
  const items = () => [...(list.current?.querySelectorAll<HTMLElement>('.item') ?? [])];
  return (
    <div
      class="menu-wrap"
      onFocusOut={(e) => {
        if (a.menuOpen && !(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) a.onMenu(false);
      }}
    >
      <button ref={button} type="button" class="help-btn" aria-expanded={a.menuOpen} aria-controls="sc-help" onClick={() => a.onMenu(!a.menuOpen)}>
        <Icon d={icons.help} />
        <span>{s.getHelp}</span>
      </button>
      {a.menuOpen && (
        <div
          ref={list}
          id="sc-help"
          class="menu"
          role="group"
          aria-label={s.getHelp}
          onKeyDown={(e) => {
            const all = items();
            const at = all.indexOf(e.target as HTMLElement);
            if (e.key === 'Escape') {
              e.stopPropagation();
              a.onMenu(false);
              button.current?.focus();
            } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              all[(at + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
            }
          }}
        >
          <ul>
            {a.help.map((h, i) => (
              <li key={h.name}>
                <HelpEntryControl entry={h} cls="item" onClick={() => a.onHelp(i)} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
