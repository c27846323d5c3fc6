/**
 * Rules for options whose values end up in CSS, a cookie or a URL the browser loads: allow-lists,
 * so a value cannot escape its place (`url(...)` in a colour loads that URL, `; Max-Age=3` in a
 * cookie domain shortens the visitor's cookie, `javascript:` in a link runs). The config schemas use
 * them; a refused option is dropped and reported, and the widget starts with its default. Pure.
 */

/** `#rgb(a)`, `#rrggbb(aa)`, a colour name, `rgb()`/`rgba()`/`hsl()`/`hsla()` of numbers, or `var(--name)`: nothing that can load or escape. */
export const COLOUR = /^(#[\da-f]{3,8}|[a-z]{3,24}|(rgb|hsl)a?\([\d\s.,%/deg+-]{1,60}\)|var\(--[\w-]{1,40}\))$/i;

/** A host name as a cookie `Domain` (`example.com`, `.example.com`, `localhost`): letters, digits, inner hyphens and dots only. */
export const isDomain = (v: string): boolean => /^\.?[a-z\d]([a-z\d-]*[a-z\d])?(\.[a-z\d]([a-z\d-]*[a-z\d])?)*$/i.test(v) && v.length <= 253;

/** A URL the page may use: absolute or relative to the page, and resolving to one of `schemes` (http and https by default). */
export const isPageUrl = (v: unknown, schemes = ['http:', 'https:']): boolean => {
  try {
    // A relative URL resolves to the base's scheme; an absolute one keeps its own (`javascript:`, `data:`).
    return typeof v == 'string' && !!v.trim() && schemes.includes(new URL(v, 'https://page.invalid/').protocol);
  } catch {
    return false;
  }
};
