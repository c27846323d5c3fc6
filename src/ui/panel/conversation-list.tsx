import type { ConversationSummary } from '../../core/public-types.ts';
import type { AroundProps } from '../../around/around-controller.ts';
import type { Strings } from './strings.ts';
import { ViewHeader } from './view-header.tsx';
import { Icon, icons } from './icon.tsx';

/** "2 hours ago" for the last week, then a date, in the widget's language. */
function when(iso: string, locale: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.round((t - now) / 1000);
  try {
    if (-s < 7 * 86400) {
      const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
      const [v, unit] = -s < 60 ? [0, 'second'] : -s < 3600 ? [s / 60, 'minute'] : -s < 86400 ? [s / 3600, 'hour'] : [s / 86400, 'day'];
      return rtf.format(Math.round(v as number), unit as Intl.RelativeTimeFormatUnit);
    }
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(t);
  } catch {
    return iso.slice(0, 10);
  }
}

function Row({ c, a, s }: { c: ConversationSummary; a: AroundProps; s: Strings }) {
  const current = c.id === a.currentId;
  const titleId = `sc-c-${c.id}`;
  return (
    <li>
      <button type="button" class="conv" aria-current={current ? 'true' : undefined} onClick={() => a.onOpenConversation(c.id)}>
        <span class="t" id={titleId}>
          {c.title?.trim() || s.untitled}
        </span>
        <span class="m">
          {when(c.updatedAt, a.locale)}
          {current && <span class="tag">{s.historyCurrent}</span>}
        </span>
      </button>
      <button type="button" class="ib" aria-label={s.deleteConversation} title={s.deleteConversation} aria-describedby={titleId} onClick={() => a.onDeleteConversation(c.id)}>
        <Icon d={icons.trash} />
      </button>
    </li>
  );
}

/** This visitor's conversations on this device: reopen one, delete one, or start a new one. */
export function ConversationList({ a, s, onClose }: { a: AroundProps; s: Strings; onClose(): void }) {
  return (
    <>
      <ViewHeader a={a} s={s} title={s.conversations} onClose={onClose} />
      <div class="vbody">
        <button type="button" class="new" onClick={a.onNewConversation}>
          <Icon d={icons.edit} />
          <span>{s.newConversation}</span>
        </button>
        {!a.kept && (
          <div class="note kept" role="note">
            <p>{s.historyNotKept}</p>
          </div>
        )}
        {a.history && (a.history.length ? <ul class="convs">{a.history.map((c) => <Row key={c.id} c={c} a={a} s={s} />)}</ul> : <p class="none">{s.historyEmpty}</p>)}
      </div>
    </>
  );
}
