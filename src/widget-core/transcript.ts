/**
 * A conversation as a Markdown document with times, for "Download transcript" and for the
 * transcript a contact form attaches to its ticket. Pure (the clock and the locale are passed).
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
  for (const m of messages) lines.push('---', '', `**${who(m.role)}**${when(m.createdAt)}`, '', (m.content ?? '').trim(), '');
  return lines.join('\n');
}

/** A file name for it: `support-conversation-2026-11-30.md`. */
export const transcriptFileName = (now: number): string => `support-conversation-${new Date(now).toISOString().slice(0, 10)}.md`;
