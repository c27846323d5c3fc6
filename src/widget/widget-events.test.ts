/** The event bus is called from the visitor's clicks: building an event may fail (a built-in the page broke), firing never throws. */
import { describe, expect, it } from 'vitest';
import { createEventBus } from './widget-events.ts';

describe('event bus', () => {
  it('an event that cannot be built is reported, never thrown to the caller', () => {
    const reported: unknown[] = [];
    const bus = createEventBus({
      onEvent: () => undefined,
      conversation: () => ({ id: 'c1', messages: [] }) as never,
      userProperties: () => {
        throw new TypeError('Array.prototype.find is broken by the page');
      },
      log: async () => {},
      report: (e) => reported.push(e),
    });
    expect(() => bus.fire('modal_opened')).not.toThrow();
    expect(reported).toHaveLength(1);
  });
});
