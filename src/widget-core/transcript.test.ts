import { describe, expect, it } from 'vitest';
import { transcriptFileName, transcriptMarkdown } from './transcript.ts';

const T = Date.UTC(2026, 10, 30, 10, 2);
const labels = { title: 'Support conversation', you: 'You', assistant: 'Assistant' };

describe('transcript', () => {
  it('is Markdown with a heading, the conversation id, and each message with who and when', () => {
    const md = transcriptMarkdown(
      'conv-1',
      [
        { role: 'user', content: 'How do I install it?', createdAt: '2026-11-30T10:01:00Z' },
        { role: 'assistant', content: 'Add one **script** tag.\n', createdAt: '2026-11-30T10:01:05Z' },
        { role: 'system', content: 'note', createdAt: 'not a date' },
      ],
      labels,
      'en-GB',
      T,
    );
    expect(md.split('\n')[0]).toBe('# Support conversation');
    expect(md).toContain('conv-1 · ');
    expect(md).toContain('(2026-11-30T10:02:00.000Z)');
    expect(md).toMatch(/\*\*You\*\* · 30 Nov 2026, \d\d:01\n\nHow do I install it\?\n/);
    expect(md).toMatch(/\*\*Assistant\*\* · 30 Nov 2026, \d\d:01\n\nAdd one \*\*script\*\* tag\.\n/);
    expect(md).toContain('**system**\n\nnote\n');
  });

  it('names its file after the day', () => {
    expect(transcriptFileName(T)).toBe('support-conversation-2026-11-30.md');
  });

  it('falls back to ISO times for a locale Intl does not know', () => {
    expect(transcriptMarkdown('c', [{ role: 'user', content: 'x', createdAt: '2026-11-30T10:01:00Z' }], labels, '!!', T)).toContain('2026-11-30T10:01:00.000Z');
  });
});
