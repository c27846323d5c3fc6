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
// Around the chat (issue 13)
/** IndexedDB: contact-form submissions (their own database: the outbox's schema is not theirs). */
export const TICKETS_DB = `${NAMESPACE}:tickets`;
/** Web Lock and BroadcastChannel of the ticket sender (one tab sends at a time). */
export const TICKETS_CHANNEL = `${NAMESPACE}:tickets`;
/** localStorage: set while a submission waits to be sent or linked, so a later page loads the sender at start. */
export const TICKETS_PENDING_KEY = `${NAMESPACE}:tickets-pending`;
/** localStorage / sessionStorage: conversations deleted from this device but not yet delivered (hidden until they are). */
export const HIDDEN_KEY = `${NAMESPACE}:hidden-conversations`;
/** sessionStorage: the panel was open in this tab, so a reload shows it open again. */
export const OPEN_KEY = `${NAMESPACE}:open`;
