import { useEffect, useRef } from 'preact/hooks';
import type { AroundProps } from '../../around/around-controller.ts';
import type { Strings } from './strings.ts';
import { GetHelpMenu } from './get-help-menu.tsx';
import { Icon, icons } from './icon.tsx';

/** The chat header's own buttons around the chat: Get help, Conversations, Download transcript. */
export function AroundHeader({ a, s }: { a: AroundProps; s: Strings }) {
  const history = useRef<HTMLButtonElement>(null);
  const from = useRef(a.view);
  // Back from a view: focus returns to the button that leads there (Conversations; Get help for the contact form).
  useEffect(() => {
    if (a.view === 'chat' && from.current !== 'chat') (from.current === 'conversations' ? history.current : history.current?.parentElement?.querySelector<HTMLElement>('.help-btn'))?.focus();
    from.current = a.view;
  }, [a.view]);
  const ib = (label: string, d: string, onClick: () => void, ref?: typeof history) => (
    <button ref={ref} type="button" class="ib" aria-label={label} title={label} onClick={onClick}>
      <Icon d={d} />
    </button>
  );
  return (
    <>
      {a.help.length > 0 && <GetHelpMenu a={a} s={s} />}
      {ib(s.conversations, icons.history, () => a.onView('conversations'), history)}
      {a.canDownload && ib(s.downloadTranscript, icons.download, a.onDownload)}
    </>
  );
}
