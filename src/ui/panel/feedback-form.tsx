import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Strings } from './strings.ts';

/** "Not helpful" asks why: reasons as toggle buttons, "Tell us more", "Submit feedback"; then thanks. */
export function FeedbackForm({ reasons, strings: s, onSubmit }: { reasons: string[]; strings: Strings; onSubmit(reasons: string[], details: string): void }) {
  const [picked, setPicked] = useState<string[]>([]);
  const [details, setDetails] = useState('');
  const [sent, setSent] = useState(false);
  // The form's button is gone once it is sent: focus goes to the thanks in its place, not to the page.
  const thanks = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => void (sent && thanks.current?.focus()), [sent]);
  if (sent)
    return (
      <p class="fb-thanks" aria-live="polite" tabIndex={-1} ref={thanks}>
        {s.feedbackThanks}
      </p>
    );
  return (
    <form
      class="fb"
      aria-label={s.feedbackTitle}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(picked, details.trim());
        setSent(true);
      }}
    >
      <p class="fb-q">{s.feedbackTitle}</p>
      <div class="chips">
        {reasons.map((r) => (
          <button type="button" aria-pressed={picked.includes(r)} onClick={() => setPicked(picked.includes(r) ? picked.filter((x) => x != r) : [...picked, r])}>
            {r}
          </button>
        ))}
      </div>
      <textarea aria-label={s.tellUsMore} placeholder={s.tellUsMore} rows={2} value={details} onInput={(e) => setDetails(e.currentTarget.value)} />
      <button type="submit" class="fb-send">
        {s.submitFeedback}
      </button>
    </form>
  );
}
