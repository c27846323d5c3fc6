import type { MarkdownActions } from './markdown.tsx';
import { Icon, icons } from './icon.tsx';
import { answerIcons } from './answer-icons.ts';
import { useCopied } from './use-copied.ts';

/** A fenced code block: its language, "Copy code" (only the code), and the code, scrolling inside the block. */
export function CodeBlock({ lang, code, actions: a }: { lang: string; code: string; actions: MarkdownActions }) {
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
