import type { WidgetConfig } from '../../widget-core/widget-types.ts';
import type { Strings } from './strings.ts';

/** The empty conversation: a greeting and up to 6 suggested questions (a click sends one). */
export function Welcome({ config: c, strings: s, onSend }: { config: WidgetConfig; strings: Strings; onSend(text: string): void }) {
  const questions = (c.suggestedQuestions ?? []).slice(0, 6);
  return (
    <div class="welcome">
      {c.logoUrl && <img class="logo big" src={c.logoUrl} alt="" width={48} height={48} />}
      <p class="greet">{c.welcomeMessage || s.empty}</p>
      {questions.length > 0 && (
        <div class="sugg" role="group" aria-label={s.suggestedQuestions}>
          {questions.map((q) => (
            <button type="button" onClick={() => onSend(q)}>
              {q}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
