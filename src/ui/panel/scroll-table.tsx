import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { guarded } from '../../core/guarded.ts';

/**
 * A table wider than the answer scrolls sideways, and shows that it does: a fade on each side that
 * has more to see (`data-more="left right"`), as a phone gives no scrollbar. Measured after each
 * render (a streaming table grows) and when its box resizes. Focusable, so the keyboard can scroll it
 * (WCAG 2.1.1).
 */
export function ScrollTable({ children }: { children: ComponentChildren }) {
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState('');
  const measure = () => {
    const el = box.current;
    if (!el) return;
    const hidden = el.scrollWidth - el.clientWidth;
    // Right to left, scrollLeft runs from 0 down to -hidden.
    const left = getComputedStyle(el).direction == 'rtl' ? hidden + el.scrollLeft : el.scrollLeft;
    setMore([left > 1 && 'left', hidden - left > 1 && 'right'].filter(Boolean).join(' '));
  };
  useLayoutEffect(measure);
  useLayoutEffect(() => {
    const watch = new ResizeObserver(guarded(measure));
    watch.observe(box.current!);
    return () => watch.disconnect();
  }, []);
  return (
    <div class="tblw" data-more={more || undefined}>
      <div ref={box} class="tbl" tabIndex={0} onScroll={measure}>
        {children}
      </div>
    </div>
  );
}
