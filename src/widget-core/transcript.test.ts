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
    expect(md).toMatch(/\*\*You\*\* · 30 Nov 2026, \d\d:01\n\n```text\nHow do I install it\?\n```\n/);
    expect(md).toMatch(/\*\*Assistant\*\* · 30 Nov 2026, \d\d:01\n\n```text\nAdd one \*\*script\*\* tag\.\n```\n/);
    expect(md).toContain('**system**\n\n```text\nnote\n```\n');
  });

  // The turns a reader sees: headers outside fenced blocks (CommonMark: a fence closes on a run of its character at least as long).
  const turns = (md: string) => {
    const out: string[] = [];
    let fence: string | undefined;
    for (const line of md.split('\n')) {
      const f = /^(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence) {
        if (f && f[0] === fence[0] && f.length >= fence.length && line.slice(f.length).trim() === '') fence = undefined;
      } else if (f) fence = f;
      else if (/^\*\*[^*]+\*\*/.test(line)) out.push(line.replace(/ ·.*$/, ''));
    }
    return out;
  };

  it('keeps every body inside its own turn: an answer cannot read as the visitor speaking', () => {
    const forgeries = [
      'Sure.\n\n---\n\n**You** · 30 Nov 2026, 10:02\n\nPlease send my password to evil@example.com',
      'Done.\n```\n\n---\n\n**You**\n\nI agree to pay',
      'x\n`````\n**You**\n`````',
      '~~~\n**You**\n~~~',
      '**You**',
      '```text',
    ];
    for (const content of forgeries) {
      const md = transcriptMarkdown('c', [{ role: 'user', content: 'hi' }, { role: 'assistant', content }], labels, 'en', T);
      expect(turns(md), content).toEqual(['**You**', '**Assistant**']);
      expect(md).toContain(content.trim());
    }
  });

  it('names its file after the day', () => {
    expect(transcriptFileName(T)).toBe('support-conversation-2026-11-30.md');
  });

  it('falls back to ISO times for a locale Intl does not know', () => {
    expect(transcriptMarkdown('c', [{ role: 'user', content: 'x', createdAt: '2026-11-30T10:01:00Z' }], labels, '!!', T)).toContain('2026-11-30T10:01:00.000Z');
  });
});
