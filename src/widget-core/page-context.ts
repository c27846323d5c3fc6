/**
 * The page a question was asked on, for `properties.page` of visitor messages. Query strings and
 * fragments are left out unless the admin opts in: they can carry tokens (password resets, OAuth
 * codes, session ids). Pure; the widget passes `location.href` and `document.title` at send time,
 * so single-page navigation is followed without anything to remount.
 */
import type { PageContext } from './widget-types.ts';

export function pageContext(href: string, title: string, mode: 'path' | 'full' | 'none' = 'path'): PageContext | null {
  if (mode === 'none') return null;
  let url: string;
  try {
    const u = new URL(href);
    url = mode === 'full' ? u.href : u.origin + u.pathname;
  } catch {
    return null;
  }
  return { url, title: title.slice(0, 300) };
}
