/**
 * Reasoning written into the answer text itself: reasoning models served without a reasoning
 * parser (DeepSeek-R1 and Qwen3 through llama.cpp or vLLM, Ollama before its `reasoning` field,
 * LM Studio) start their content with `<think>...</think>`; Gemini's OpenAI-compatible endpoint
 * with `include_thoughts` with `<thought>...</thought>`. Only a block at the very start of the
 * answer is reasoning (a tag later on is text the model wrote). Linear: held back are at most the
 * few characters that may still turn out to be a tag.
 */
import type { AnswerPart } from '../../widget-core/widget-types.ts';

const OPEN = /^<(think|thought)>/;

/** Splits content deltas into reasoning and text parts; call with `end` once the content is over. */
export function thinkTags(emit: (part: AnswerPart) => void): (delta: string, end?: boolean) => void {
  // 0: deciding whether the answer starts with a tag; 1: inside it; 2: answer text.
  let state = 0;
  let buf = '';
  let close = '';
  let trim = false;
  return (delta, end) => {
    buf += delta;
    if (state == 0) {
      const t = buf.trimStart();
      const m = OPEN.exec(t);
      if (m) {
        state = 1;
        close = `</${m[1]}>`;
        buf = t.slice(m[0].length);
      } else if (end || buf.length > 64 || (t && !'<think>'.startsWith(t.slice(0, 7)) && !'<thought>'.startsWith(t.slice(0, 9)))) state = 2;
      else return;
    }
    if (state == 1) {
      const i = buf.indexOf(close);
      // Without the closing tag yet, all but its possible start is reasoning.
      const cut = i >= 0 ? i : end ? buf.length : Math.max(0, buf.length - close.length + 1);
      if (cut) emit({ type: 'reasoning-delta', delta: buf.slice(0, cut) });
      buf = buf.slice(i >= 0 ? i + close.length : cut);
      if (i < 0) return;
      state = 2;
      trim = true;
    }
    if (trim) {
      buf = buf.trimStart();
      trim = !buf;
    }
    if (buf) emit({ type: 'text-delta', delta: buf });
    buf = '';
  };
}
