import type { AroundProps } from '../../around/around-controller.ts';
import type { Strings } from './strings.ts';
import { HelpEntryControl } from './help-entry.tsx';
import { Icon, icons } from './icon.tsx';

/** Offered above the composer after "Not helpful": the "Get help" entries, one click away. */
export function HelpOffer({ a, s }: { a: AroundProps; s: Strings }) {
  return (
    <div class="offer" role="group" aria-label={s.getHelp}>
      <p>{s.helpOffer}</p>
      <button type="button" class="ib x" aria-label={s.dismiss} title={s.dismiss} onClick={a.onDismissOffer}>
        <Icon d={icons.close} />
      </button>
      <div class="chips">
        {a.help.map((h, i) => (
          <HelpEntryControl key={h.name} entry={h} cls="chip" onClick={() => a.onHelp(i)} />
        ))}
      </div>
    </div>
  );
}
