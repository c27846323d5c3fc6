/**
 * Whether an answer says it does not know, so the widget offers a person under it (`offerHelp`).
 * A conservative text rule, English only: the answer's first sentence opens with the assistant
 * saying it does not know, cannot find or cannot answer ("I don't know", "Sorry, I couldn't find
 * anything about that", "I'm not sure"). Anything later in the answer, or a hedge inside a real
 * answer ("I don't think you need to..."), does not count: a missed offer costs less than an offer
 * under every answer. Pure.
 */
const OPENING =
  /^(?:(?:sorry|unfortunately|hmm)[,.!]?\s+)*(?:but\s+)?I(?:\s+(?:do|did|could|can|am|was)\s*not|\s+(?:don|didn|couldn|can|wasn)['’]t|['’]m\s+not)\s+(?:able\s+to\s+)?(?:know|sure|find|answer|have\s+(?:any\s+|enough\s+)?(?:information|an\s+answer|details))\b/i;

export function saysNoAnswer(answer: string): boolean {
  // Markdown around the first words (`**I don't know**`, a heading) is not part of what it says.
  const start = answer.replace(/^[\s#>*_`-]+/, '').slice(0, 200);
  return OPENING.test(start);
}
