import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AroundProps, SubmissionView } from '../../around/around-controller.ts';
import type { Strings } from './strings.ts';
import { ViewHeader } from './view-header.tsx';
import { Icon, icons } from './icon.tsx';
import { guarded } from '../../core/guarded.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A text with `{name}` placeholders filled with nodes (the request number as a chip that never wraps). */
const fillNodes = (text: string, values: Record<string, ComponentChildren>) => text.split(/\{(\w+)\}/).map((part, i) => (i % 2 ? values[part] : part));

/** Where a submission is: sending (or waiting for the connection), sent with the ticket, or failed with Try again. */
function SubmissionState({ v, a, s }: { v: SubmissionView; a: AroundProps; s: Strings }) {
  const text =
    v.state === 'sent'
      ? fillNodes(s.sent, { id: <span class="tid">{v.ticketId}</span>, email: v.email })
      : v.state === 'offline' ? s.sendingOffline : v.state === 'failed' ? s.sendFailed : s.sending;
  return (
    // Focus comes here once the form is sent (the button that had it is gone): WAI-ARIA's dialog pattern.
    <div class={`note ${v.state}`} role="status" tabIndex={-1}>
      {v.state === 'sent' && <Icon d={icons.sent} />}
      <p>{text}</p>
      {v.state === 'failed' && v.error && <p class="why">{v.error}</p>}
      {v.ticketUrl && (
        <a href={v.ticketUrl} target="_blank" rel="noopener noreferrer">
          {s.viewTicket}
        </a>
      )}
      {v.state === 'failed' && (
        <button type="button" class="primary" onClick={a.onRetrySubmission}>
          {s.tryAgain}
        </button>
      )}
      {v.state === 'sent' && (
        <button type="button" class="secondary" onClick={a.onSendAnother}>
          {s.sendAnother}
        </button>
      )}
    </div>
  );
}

/** The contact form: name, email, what happened (the first question), the transcript attached; sent durably. */
export function ContactForm({ a, s, onClose }: { a: AroundProps; s: Strings; onClose(): void }) {
  const [name, setName] = useState(a.prefill.name);
  const [email, setEmail] = useState(a.prefill.email);
  const [description, setDescription] = useState(a.prefill.description);
  const [attach, setAttach] = useState(true);
  const [tried, setTried] = useState(false);
  // The form and its confirmation take each other's place: focus follows, unless the visitor already moved it.
  const body = useRef<HTMLDivElement>(null);
  const shown = a.submission ? 'note' : 'form';
  const before = useRef(shown);
  useLayoutEffect(() => {
    const el = body.current;
    const moved = before.current !== shown;
    before.current = shown;
    if (!el || (!moved && a.submission?.state !== 'sending') || el.contains((el.getRootNode() as ShadowRoot).activeElement)) return;
    el.querySelector<HTMLElement>(a.submission ? '.note' : 'input')?.focus();
  }, [shown, a.submission?.state]);
  const emailError = tried && !EMAIL.test(email.trim()) ? s.emailInvalid : '';
  const descriptionError = tried && !description.trim() ? s.descriptionMissing : '';
  /** A field in error says so (aria-invalid) and names its message (aria-describedby). */
  const invalid = (id: string, error: string) => (error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-err` } : {});
  const field = (id: string, label: string, error: string, control: preact.JSX.Element) => (
    <div class="field">
      <label for={id}>{label}</label>
      {control}
      {error && (
        <p class="ferr" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
  return (
    <>
      <ViewHeader a={a} s={s} title={s.contactTitle} onClose={onClose} />
      <div class="vbody" ref={body}>
        {a.submission ? (
          <SubmissionState v={a.submission} a={a} s={s} />
        ) : (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              setTried(true);
              const form = e.currentTarget;
              if (!EMAIL.test(email.trim()) || !description.trim()) {
                // Focus the first field in error, after it re-renders with its message.
                setTimeout(guarded(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()));
                return;
              }
              a.onSubmit({ name, email, description, attach });
            }}
          >
            <p class="intro">{s.contactIntro}</p>
            {field('sc-name', s.nameLabel, '', <input id="sc-name" type="text" autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />)}
            {field('sc-email', s.emailLabel, emailError, <input id="sc-email" type="email" autocomplete="email" required {...invalid('sc-email', emailError)} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />)}
            {field(
              'sc-desc',
              s.descriptionLabel,
              descriptionError,
              <textarea id="sc-desc" rows={5} required {...invalid('sc-desc', descriptionError)} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />,
            )}
            <label class="check">
              <input type="checkbox" checked={attach} onChange={(e) => setAttach(e.currentTarget.checked)} />
              {s.attachTranscript}
            </label>
            <button type="submit" class="primary">
              {s.submit}
            </button>
          </form>
        )}
      </div>
    </>
  );
}
