/**
 * A new task, so the page can handle input and paint before our next step: `scheduler.yield()`
 * where the browser has it (its continuation goes ahead of other queued tasks), else a
 * MessageChannel message (a hidden tab throttles timers to one a second, not messages), else a
 * timer. Never rejects. A page's own `scheduler.yield` that never settles cannot stall us: a timer
 * ends the wait anyway.
 */
export const nextTask = (): Promise<void> =>
  new Promise<void>((done) => {
    try {
      const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
      if (s?.yield) {
        // Left to run: settling twice changes nothing, and clearing it costs bytes every visitor downloads.
        setTimeout(done, 200);
        return void s.yield().then(done, done);
      }
      const c = new MessageChannel();
      c.port1.onmessage = () => done();
      c.port2.postMessage(0);
    } catch {
      setTimeout(done);
    }
  });
