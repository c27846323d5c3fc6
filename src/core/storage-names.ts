/**
 * Every name the widget stores or signals under, versioned together (segment's
 * `persisted-queue:v1:`): data written by an incompatible version is never read as ours.
 */
const NAMESPACE = 'support-copilot:v1';

/** The IndexedDB database (outbox and quarantine). */
export const DB_NAME = NAMESPACE;
/** The BroadcastChannel and the Web Locks prefix shared by tabs. */
export const TAB_CHANNEL = NAMESPACE;
/** localStorage / sessionStorage: the conversation the widget shows. */
export const CONVERSATION_KEY = `${NAMESPACE}:conversation`;
/** sessionStorage: the anonymous id when cookies are not allowed. */
export const ANONYMOUS_ID_KEY = `${NAMESPACE}:anonymous-id`;
