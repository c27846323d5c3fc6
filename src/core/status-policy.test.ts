import { describe, expect, it } from 'vitest';
import { statusBehavior, type StatusBehavior } from './status-policy.ts';

const DELIVERED: StatusBehavior = { kind: 'delivered' };
const RETRY: StatusBehavior = { kind: 'retry', pauseAll: false };
const PAUSE_ALL: StatusBehavior = { kind: 'retry', pauseAll: true };
/** The server may have processed it, and may still do so late: convergence. */
const UNKNOWN: StatusBehavior = { kind: 'retry', pauseAll: false, unknown: true };
const BLOCKED: StatusBehavior = { kind: 'blocked' };
const REJECTED: StatusBehavior = { kind: 'rejected' };

const table: [number | 'network' | 'redirect', StatusBehavior][] = [
  [200, DELIVERED],
  [201, DELIVERED],
  [204, DELIVERED],
  [299, DELIVERED],
  ['network', UNKNOWN],
  [408, RETRY],
  [425, RETRY],
  [500, RETRY],
  [502, UNKNOWN],
  [504, UNKNOWN],
  [599, RETRY],
  [429, PAUSE_ALL],
  [503, PAUSE_ALL],
  [401, BLOCKED],
  [403, BLOCKED],
  [404, BLOCKED],
  [400, REJECTED],
  [409, REJECTED],
  [413, REJECTED],
  [422, REJECTED],
  // Redirects are never followed (a 303 would turn the POST into a GET): a misconfigured URL.
  ['redirect', BLOCKED],
  [300, BLOCKED],
  [301, BLOCKED],
  [302, BLOCKED],
  [303, BLOCKED],
  [304, BLOCKED],
  [307, BLOCKED],
  [308, BLOCKED],
  [399, BLOCKED],
  [100, RETRY],
];

describe('statusBehavior', () => {
  it.each(table)('%s -> %o', (status, expected) => {
    expect(statusBehavior(status)).toEqual(expected);
  });

  it('is total: every status from 100 to 599 maps to one of the four kinds', () => {
    for (let s = 100; s < 600; s++) {
      expect(['delivered', 'retry', 'blocked', 'rejected']).toContain(statusBehavior(s).kind);
      if (s >= 200 && s < 300) expect(statusBehavior(s).kind).toBe('delivered');
      else if (s >= 500) expect(statusBehavior(s).kind).toBe('retry');
    }
  });
});
