import { describe, expect, it } from 'vitest';
import { fill } from './fill.ts';

describe('fill', () => {
  it('puts values in their placeholders, as they are', () => {
    expect(fill('Request {id} sent to {email}.', { id: "T-$'1$`$&", email: "a$$b@example.com" })).toBe("Request T-$'1$`$& sent to a$$b@example.com.");
    expect(fill('{n} new answers', { n: 3 })).toBe('3 new answers');
  });
  it('leaves unknown placeholders and inherited names alone', () => {
    expect(fill('{constructor} {toString} {x}', {})).toBe('{constructor} {toString} {x}');
  });
});
