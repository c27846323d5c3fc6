/**
 * Bearer-key checks. Keys are configured, not stored: the collector is a test double, and
 * prefix keys (`test-*`) let every test run invent its own key to isolate its log and faults.
 */

export type KeyVerdict = 'ok' | 'unknown' | 'revoked';

/** The token of `Authorization: Bearer <token>`, or null when the header is absent or malformed. */
export function bearerKey(header: string | undefined | null): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

function matcher(patterns: readonly string[]): (key: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (key) => exact.has(key) || prefixes.some((prefix) => key.startsWith(prefix));
}

export function keyChecker(accepted: readonly string[], revoked: readonly string[] = []): (key: string) => KeyVerdict {
  const isAccepted = matcher(accepted);
  const isRevoked = matcher(revoked);
  // Revocation wins over acceptance so a single key can be revoked inside an accepted prefix.
  return (key) => (isRevoked(key) ? 'revoked' : isAccepted(key) ? 'ok' : 'unknown');
}

/** `a,b , c*` -> ['a', 'b', 'c*']; empty entries are ignored. */
export function parseKeyList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
