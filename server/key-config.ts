/**
 * Which keys the collector accepts, from the environment (main.ts and dev.ts start it alike), and
 * the startup line that says so. The demo keys are public (they are in this repository and in the
 * demo page), so they must not stay active beside a site's own keys: `demo-api-key` would read
 * that site's conversations.
 */
import { parseKeyList, type KeyEntry } from './auth.ts';

export const DEMO_WEB_KEY = 'demo-web-key';
export const DEMO_API_KEY = 'demo-api-key';

export interface KeyLists {
  keys: string[];
  apiKeys: string[];
  revokedKeys: string[];
}

const split = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Nothing set: the demo keys. Once `COLLECTOR_KEYS` or `COLLECTOR_API_KEYS` is set, exactly the
 * keys named, with one exception: `COLLECTOR_KEYS` naming `demo-web-key` (the demo, plus keys of
 * one's own) keeps `demo-api-key` as its read key unless `COLLECTOR_API_KEYS` says otherwise.
 */
export function keysFromEnv(env: NodeJS.ProcessEnv): KeyLists {
  const web = env.COLLECTOR_KEYS;
  const api = env.COLLECTOR_API_KEYS;
  const namesDemo = web !== undefined && parseKeyList(web).some((e) => e.pattern === DEMO_WEB_KEY);
  return {
    keys: web !== undefined ? split(web) : api === undefined ? [DEMO_WEB_KEY] : [],
    apiKeys: api !== undefined ? split(api) : web === undefined || namesDemo ? [DEMO_API_KEY] : [],
    revokedKeys: split(env.COLLECTOR_REVOKED_KEYS),
  };
}

/** A key as the startup line shows it: its first and last characters (`demo…key`), a prefix key's start (`te…*`). */
export function maskPattern(pattern: string): string {
  if (pattern.endsWith('*')) return `${pattern.slice(0, Math.min(2, pattern.length - 1))}…*`;
  return pattern.length <= 8 ? `${pattern.slice(0, 2)}…` : `${pattern.slice(0, 4)}…${pattern.slice(-3)}`;
}

const listed = (entries: KeyEntry[]) => (entries.length ? entries.map((e) => `${maskPattern(e.pattern)} (${e.project})`).join(', ') : 'none');

/** "web keys (write): demo…key (default); API keys (read): none; revoked: none", with a warning for the public demo keys. */
export function describeKeys(lists: KeyLists): string {
  const web = parseKeyList(lists.keys);
  const api = parseKeyList(lists.apiKeys);
  const demo = [...web, ...api].some((e) => e.pattern === DEMO_WEB_KEY || e.pattern === DEMO_API_KEY);
  return (
    `web keys (write): ${listed(web)}; API keys (read): ${listed(api)}; revoked: ${listed(parseKeyList(lists.revokedKeys))}` +
    (demo ? ' — the demo keys are public: set COLLECTOR_KEYS and COLLECTOR_API_KEYS for anything but a demo' : '')
  );
}
