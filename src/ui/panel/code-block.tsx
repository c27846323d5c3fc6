import { Icon, icons } from './icon.tsx';
import { answerIcons } from './answer-icons.ts';
import { useCopied } from './use-copied.ts';

/** What a code block needs from the answer around it (markdown.tsx's actions are a superset). */
export interface CodeBlockActions {
  copyCode(language: string, code: string): void;
  /** accessible name of the copy button */
  copyCodeLabel: string;
  copiedLabel: string;
}

/** A fenced code block: its language, "Copy code" (only the code), and the code, scrolling inside the block. */
export function CodeBlock({ lang, code, actions: a }: { lang: string; code: string; actions: CodeBlockActions }) {
  const [copied, copy] = useCopied(() => a.copyCode(lang, code));
  return (
    <div class="code">
      <div class="code-bar">
        <span>{lang}</span>
        <span aria-live="polite">{copied ? a.copiedLabel : ''}</span>
        <button type="button" class="ib" aria-label={a.copyCodeLabel} title={a.copyCodeLabel} onClick={() => copy(code)}>
          <Icon d={copied ? answerIcons.check : icons.copy} />
        </button>
      </div>
      {/* Focusable, so a long line can be scrolled from the keyboard (WCAG 2.1.1). */}
      <pre tabIndex={0}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
