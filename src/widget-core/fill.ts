/**
 * `{name}` placeholders of a text (the widget's strings, overridable by the host) filled with
 * values. The replacement is a function: with a string replacement, `String.prototype.replace`
 * would read `$&`, `` $` `` and `$'` in the value (a ticket id or an email typed by a visitor) as
 * patterns. Unknown placeholders stay as written.
 */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.keys(values).includes(key) ? String(values[key]) : whole));
