import type { AroundProps } from '../../around/around-controller.ts';
import type { Strings } from './strings.ts';
import { ContactForm } from './contact-form.tsx';
import { ConversationList } from './conversation-list.tsx';
import { HelpOffer } from './help-offer.tsx';

/**
 * The panel's views around the chat. In the chat view, only the help offer (above the composer);
 * the others replace the chat (the panel hides its own parts, see
 * around-styles.ts) and keep it mounted underneath, so a draft and the scroll position survive.
 */
export function AroundView({ a, s, onClose }: { a: AroundProps; s: Strings; onClose(): void }) {
  if (a.view === 'chat') return <div class="extra">{a.offer && a.help.length > 0 && <HelpOffer a={a} s={s} />}</div>;
  return (
    <div class="view">
      {a.view === 'contact' ? <ContactForm key={a.currentId} a={a} s={s} onClose={onClose} /> : <ConversationList a={a} s={s} onClose={onClose} />}
      <p class="sr" aria-live="polite">
        {a.announce}
      </p>
    </div>
  );
}
