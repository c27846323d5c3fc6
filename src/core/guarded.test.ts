import { describe, expect, it } from 'vitest';
import { guarded } from './guarded.ts';

describe('guarded', () => {
  it('passes arguments through and returns nothing', () => {
    const seen: unknown[] = [];
    expect(guarded((a: number, b: string) => seen.push(a, b))(1, 'x')).toBeUndefined();
    expect(seen).toEqual([1, 'x']);
  });

  it('reports a thrown error instead of throwing', () => {
    const reported: unknown[] = [];
    const boom = new Error('boom');
    expect(() =>
      guarded(() => {
        throw boom;
      }, (e) => reported.push(e))(),
    ).not.toThrow();
    expect(reported).toEqual([boom]);
  });

  it('reports a rejected promise (never an unhandled rejection)', async () => {
    const reported: unknown[] = [];
    guarded(async () => {
      throw new Error('later');
    }, (e) => reported.push(e))();
    await new Promise((r) => setTimeout(r));
    expect(reported.map((e) => (e as Error).message)).toEqual(['later']);
  });

  it('swallows by default (listeners whose next trigger tries again)', () => {
    expect(() =>
      guarded(() => {
        throw new Error('x');
      })(),
    ).not.toThrow();
  });
});
