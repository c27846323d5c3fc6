/**
 * Render at most once per task: a streaming answer updates state many times per frame, and each
 * render of the shell and the panel is paid on the page's main thread.
 */
export function renderBatch(render: () => void, guard: (fn: () => unknown) => () => void, stopped: () => boolean): () => void {
  let queued = false;
  const run = guard(() => {
    queued = false;
    if (!stopped()) render();
  });
  return () => {
    if (queued || stopped()) return;
    queued = true;
    queueMicrotask(run);
  };
}
