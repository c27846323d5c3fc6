import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { Strings } from './strings.ts';
import { Icon, icons } from './icon.tsx';

export interface ComposerProps {
  strings: Strings;
  busy: boolean;
  onSend(text: string): void;
  inputRef?: Ref<HTMLTextAreaElement>;
}

/** Textarea + Send. Enter sends (not while IME composing), Shift+Enter inserts a newline. */
export function Composer({ strings: s, busy, onSend, inputRef }: ComposerProps) {
  const [value, setValue] = useState('');
  const send = () => {
    const text = value.trim();
    if (!text || busy) return;
    onSend(text);
    setValue('');
  };
  return (
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
      <button type="submit" class="send" aria-label={s.send} title={s.send} disabled={busy}>
        <Icon d={icons.send} />
      </button>
    </form>
  );
}
