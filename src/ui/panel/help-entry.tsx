import type { HelpEntry } from '../../around/around-controller.ts';
import { Icon, icons } from './icon.tsx';

const mail = (h: HelpEntry) => !!h.url?.startsWith('mailto:');
const iconOf = (h: HelpEntry) => (h.type === 'open_form' ? icons.form : h.type === 'invoke_callback' ? icons.person : mail(h) ? icons.mail : icons.external);

/** One "Get help" entry: a real link for `open_link` (the browser opens it), else a button. */
export function HelpEntryControl({ entry: h, cls, onClick }: { entry: HelpEntry; cls: string; onClick(): void }) {
  const body = (
    <>
      <Icon d={iconOf(h)} />
      <span>{h.name}</span>
    </>
  );
  // A page opens in a new tab; an email address in the visitor's mail app (no empty tab left behind).
  return h.type === 'open_link' ? (
    <a class={cls} href={h.url} target={mail(h) ? undefined : '_blank'} rel="noopener noreferrer" onClick={onClick}>
      {body}
    </a>
  ) : (
    <button type="button" class={cls} onClick={onClick}>
      {body}
    </button>
  );
}
