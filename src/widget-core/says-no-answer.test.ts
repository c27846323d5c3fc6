import { describe, expect, it } from 'vitest';
import { saysNoAnswer } from './says-no-answer.ts';

describe('saysNoAnswer', () => {
  it('recognises an answer that opens by saying it does not know', () => {
    for (const text of [
      "I don't know: the Acme Cloud guides and the widget docs don't cover that, and I would rather not guess.",
      'I do not know the answer to that.',
      'I don’t know.',
      "Sorry, I couldn't find anything about refunds in our docs.",
      'Unfortunately, I could not find that in the documentation.',
      "I'm not sure. The docs do not say.",
      'I am not able to answer that question.',
      "I can't answer questions about billing disputes.",
      "I don't have any information about GPU instances.",
      "**I don't know** what you mean.",
      '  \n I was not able to find it.',
    ])
      expect(saysNoAnswer(text), text).toBe(true);
  });

  it('does not take a real answer, or a hedge inside one, for "I don\'t know"', () => {
    for (const text of [
      'From Install with a script tag: add one script tag before </body>.',
      "I don't think you need a key for that: the collector accepts demo-web-key.",
      "I can't stress this enough: rotate your keys.",
      'If you don\'t know your API key, open Settings → API keys.',
      'Yes. I know this one: set data-theme="dark".',
      "Here is what I found. I don't know whether it applies to your plan.",
      '',
    ])
      expect(saysNoAnswer(text), text).toBe(false);
  });
});
