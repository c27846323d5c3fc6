/**
 * A conversation as a Markdown document with times, for "Download transcript" and for the
 * transcript a contact form attaches to its ticket. Pure (the clock and the locale are passed).
 * Who said what comes only from the records: every body is fenced (a backtick fence longer than
 * any backtick run in it, so nothing inside can close it), so an answer whose text looks like a
 * visitor's turn (`---`, `**You**`) stays inside its own turn, in the file and in a help desk.
 */
export interface TranscriptMessage {
  role: string;
  content?: string | null;
  createdAt?: string | null | undefined;
}

export interface TranscriptLabels {
  title: string;
  you: string;
  assistant: string;
}

/** A fenced block holding `text` as it is (CommonMark: a fence closes only on a run at least as long). */
function fenced(text: string): string[] {
  let longest = 0;
  let run = 0;
  for (const c of text) longest = Math.max(longest, (run = c === '`' ? run + 1 : 0));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence + 'text', text, fence];
}

export function transcriptMarkdown(conversationId: string, messages: TranscriptMessage[], labels: TranscriptLabels, locale: string, now: number): string {
  let format: (ms: number) => string;
  try {
    const f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    format = (ms) => f.format(ms);
  } catch {
    format = (ms) => new Date(ms).toISOString();
  }
  const when = (iso: string | null | undefined) => {
    const ms = iso ? Date.parse(iso) : NaN;
    return Number.isNaN(ms) ? '' : ` · ${format(ms)}`;
  };
  const who = (role: string) => (role === 'user' ? labels.you : role === 'assistant' ? labels.assistant : role);
  const lines = [`# ${labels.title}`, '', `${conversationId} · ${format(now)} (${new Date(now).toISOString()})`, ''];
  for (const m of messages) lines.push('---', '', `**${who(m.role)}**${when(m.createdAt)}`, '', ...fenced((m.content ?? '').trim()), '');
  return lines.join('\n');
}

/** A file name for it: `support-conversation-2026-11-30.md`. */
export const transcriptFileName = (now: number): string => `support-conversation-${new Date(now).toISOString().slice(0, 10)}.md`;
