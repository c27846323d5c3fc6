import { webStorage } from '../storage/page-storage.ts';

/**
 * Whether a submission waits to be sent or linked, as a localStorage flag the sender keeps: the
 * widget reads it at start-up (`key`: the project's, core/storage-names.ts `ticketsPending`) (one synchronous read; the sender itself is in the panel chunk).
 */
export function ticketsPending(key: string, value?: boolean): boolean {
  const local = webStorage('localStorage');
  if (!local) return false;
  try {
    if (value === true) local.setItem(key, '1');
    if (value === false) local.removeItem(key);
    return !!local.getItem(key);
  } catch {
    return false;
  }
}
