import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { Strings } from './strings.ts';
import { Icon, icons } from './icon.tsx';
import { answerIcons } from './answer-icons.ts';

export interface ComposerProps {
  strings: Strings;
  /** an answer streams: Send becomes "Stop generating" */
  busy: boolean;
  onSend(text: string): void;
  onStop(): void;
  /** a short line under the box */
  disclaimer?: string | undefined;
  inputRef?: Ref<HTMLTextAreaElement>;
}

/** Textarea + Send (Stop generating while an answer streams). Enter sends (not while IME composing), Shift+Enter inserts a newline. */
export function Composer({ strings: s, busy, onSend, onStop, disclaimer, inputRef }: ComposerProps) {
  const [value, setValue] = useState('');
  const send = () => {
    const text = value.trim();
    if (!text || busy) return;
    onSend(text);
    setValue('');
  };
  return (
    <>
      <form
        class="comp"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <textarea
          ref={inputRef}
          rows={1}
          aria-label={s.inputLabel}
          placeholder={s.placeholder}
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key == 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode != 229) {
              e.preventDefault();
              send();
            }
          }}
        />
        {busy ? (
          <button type="button" class="send stop" aria-label={s.stop} title={s.stop} onClick={onStop}>
            <Icon d={answerIcons.stop} />
          </button>
        ) : (
          <button type="submit" class="send" aria-label={s.send} title={s.send}>
            <Icon d={icons.send} />
          </button>
        )}
      </form>
      {disclaimer && <p class="disc">{disclaimer}</p>}
    </>
  );
}
