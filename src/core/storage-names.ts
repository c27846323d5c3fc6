/**
 * Every name the widget stores or signals under, versioned together (segment's
 * `persisted-queue:v1:`): data written by an incompatible version is never read as ours.
 *
 * A project's data is partitioned by its API key and analytics URL: two widgets or loggers of
 * different projects on one origin (one page, or two pages of one site) never share a database, a
 * channel, a lock or a key, so neither reads, delivers nor shows the other's conversations. The
 * visitor's identity (the cookie, the anonymous id) is the visitor's, not a project's: shared.
 */
const NAMESPACE = 'support-copilot:v1';

/** sessionStorage: the anonymous id when cookies are not allowed (the visitor's: not partitioned). */
export const ANONYMOUS_ID_KEY = `${NAMESPACE}:anonymous-id`;

export interface StorageNames {
  /** IndexedDB: the outbox and quarantine. Also the BroadcastChannel and Web Locks prefix shared by tabs, and the answers' lock and wait namespace. */
  db: string;
  /** localStorage / sessionStorage: the conversation the widget shows. */
  conversation: string;
  /** IndexedDB (contact-form submissions, their own database: the outbox's schema is not theirs), and the ticket sender's Web Lock and BroadcastChannel. */
  tickets: string;
  /** localStorage: set while a submission waits to be sent or linked, so a later page loads the sender at start. */
  ticketsPending: string;
  /** localStorage / sessionStorage: conversations deleted from this device but not yet delivered (hidden until they are). */
  hidden: string;
}

/** The names under one prefix. */
const named = (p: string): StorageNames => ({
  db: p,
  conversation: `${p}:conversation`,
  tickets: `${p}:tickets`,
  ticketsPending: `${p}:tickets-pending`,
  hidden: `${p}:hidden-conversations`,
});

/** The names every version before partitioning used, whatever the project: migrated into the first partition that starts. */
export const LEGACY_NAMES = named(NAMESPACE);

/**
 * A short stable id of (apiKey, analyticsUrl): cyrb53, a 53-bit hash, in base 36. Not a secret
 * (the key is in the page anyway) and never the key itself: storage names are visible to the page.
 */
export function partitionId(apiKey: string, analyticsUrl: string): string {
  // Length-prefixed: no key and URL pair reads as another (a key may hold any character).
  const s = `${apiKey.length}:${apiKey}${analyticsUrl}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The storage names of one project (`analyticsUrl` as the resolved configuration has it). */
export const storageNames = (apiKey: string, analyticsUrl: string): StorageNames => named(`${NAMESPACE}:p${partitionId(apiKey, analyticsUrl)}`);

/** sessionStorage: the panel was open in this tab, so a reload shows it open again (the tab's view, not a project's data: not partitioned). */
export const OPEN_KEY = `${NAMESPACE}:open`;
