import { TICKETS_PENDING_KEY } from '../core/storage-names.ts';
import { webStorage } from '../storage/page-storage.ts';

/**
 * Whether a submission waits to be sent or linked, as a localStorage flag the sender keeps: the
 * widget reads it at start-up (one synchronous read; the sender itself is in the panel chunk).
 */
export function ticketsPending(value?: boolean): boolean {
  const local = webStorage('localStorage');
  if (!local) return false;
  try {
    if (value === true) local.setItem(TICKETS_PENDING_KEY, '1');
    if (value === false) local.removeItem(TICKETS_PENDING_KEY);
    return !!local.getItem(TICKETS_PENDING_KEY);
  } catch {
    return false;
  }
}
