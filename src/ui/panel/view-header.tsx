import { useLayoutEffect, useRef } from 'preact/hooks';
import type { AroundProps } from '../../around/around-controller.ts';
import type { Strings } from './strings.ts';
import { Icon, icons } from './icon.tsx';

/** A view's header: Back to chat, its title (focused when the view opens, so screen readers announce it), Close. */
export function ViewHeader({ a, s, title, onClose }: { a: AroundProps; s: Strings; title: string; onClose(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), [title]);
  return (
    <div class="vhead">
      <button type="button" class="ib back" aria-label={s.back} title={s.back} onClick={() => a.onView('chat')}>
        <Icon d={icons.back} />
      </button>
      <h2 ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {!a.inline && (
        <button type="button" class="ib" aria-label={s.close} title={s.close} onClick={onClose}>
          <Icon d={icons.close} />
        </button>
      )}
    </div>
  );
}
