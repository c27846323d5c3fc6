/**
 * Bearer keys, modelled on the hosted API's (Inkeep's "Authentication" page): every key belongs
 * to one project and never reaches another project's data; web integration keys (the public key
 * in pages) may only write, API integration keys may also read. Keys are configured, not stored:
 * the collector is a test double, and prefix keys (`test-*`) let every test run invent its own
 * key to isolate its log and faults.
 */

export type KeyRole = 'web' | 'api';
export const DEFAULT_PROJECT = 'default';

export interface KeyEntry {
  /** An exact key, or a prefix followed by `*`. */
  pattern: string;
  project: string;
}

export interface KeyGrant {
  project: string;
  role: KeyRole;
}

export type KeyVerdict = KeyGrant | 'unknown' | 'revoked';

/** The token of `Authorization: Bearer <token>`, or null when the header is absent or malformed. */
export function bearerKey(header: string | undefined | null): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** `a,b:shop , c*:staging` (or those entries as a list) -> entries; a key without `:project` belongs to the default project. */
export function parseKeyList(value: string | readonly string[] | undefined): KeyEntry[] {
  return (typeof value === 'string' ? value.split(',') : (value ?? []))
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.lastIndexOf(':');
      const project = colon > 0 ? entry.slice(colon + 1) : '';
      return { pattern: colon > 0 ? entry.slice(0, colon) : entry, project: project || DEFAULT_PROJECT };
    });
}

const matches = (pattern: string, key: string) => (pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern);

export interface Keyring {
  web: readonly KeyEntry[];
  api?: readonly KeyEntry[];
  /** Patterns answered 403, even inside an accepted prefix. */
  revoked?: readonly KeyEntry[];
}

/** The verdict for a key: an exact entry wins over a prefix, an API key over a web key. */
export function keyChecker({ web, api = [], revoked = [] }: Keyring): (key: string) => KeyVerdict {
  const all = [...api.map((e) => ({ ...e, role: 'api' as const })), ...web.map((e) => ({ ...e, role: 'web' as const }))];
  const ordered = [...all.filter((e) => !e.pattern.endsWith('*')), ...all.filter((e) => e.pattern.endsWith('*'))];
  return (key) => {
    if (revoked.some((e) => matches(e.pattern, key))) return 'revoked';
    const entry = ordered.find((e) => matches(e.pattern, key));
    return entry ? { project: entry.project, role: entry.role } : 'unknown';
  };
}

/** What the admin log and fault list show instead of a key: enough to tell keys apart by eye, never enough to use one. */
export const maskKey = (key: string | null | undefined): string | null =>
  key == null ? null : key.length <= 8 ? `${key.slice(0, 2)}…` : `${key.slice(0, 6)}…`;
