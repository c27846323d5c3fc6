import { TICKETS_PENDING_KEY } from '../core/storage-names.ts';

/**
 * Whether a submission waits to be sent or linked, as a localStorage flag the sender keeps: the
 * widget reads it at start-up (one synchronous read; the sender itself is in the panel chunk).
 */
export function ticketsPending(value?: boolean): boolean {
  try {
    if (value === true) localStorage.setItem(TICKETS_PENDING_KEY, '1');
    if (value === false) localStorage.removeItem(TICKETS_PENDING_KEY);
    return !!localStorage.getItem(TICKETS_PENDING_KEY);
  } catch {
    return false;
  }
}
