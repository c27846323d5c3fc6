import { useLayoutEffect, useRef } from 'preact/hooks';
import type { AppProps } from './types.ts';
import { Launcher } from './launcher.tsx';
import { Panel } from './panel.tsx';

/**
 * Root: the launcher while closed, the panel while open. When `open` changes after mount, focus
 * moves to the textarea (opened) or back to the launcher (closed); the initial render moves nothing.
 */
export function App({ open, theme, primaryColor, onOpen, ...rest }: AppProps) {
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const was = useRef(open);
  useLayoutEffect(() => {
    if (was.current != open) (open ? input : launcher).current?.focus();
    was.current = open;
  }, [open]);
  return (
    <div class="root" data-theme={theme} style={primaryColor ? { '--sc-primary': primaryColor } : undefined}>
      {open ? <Panel {...rest} inputRef={input} /> : <Launcher label={rest.strings.launcher} onOpen={onOpen} innerRef={launcher} />}
    </div>
  );
}
