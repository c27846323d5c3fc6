/**
 * Emphasis for the inline parser (markdown-inline.ts): CommonMark's delimiter list and its
 * process_emphasis, with an "openers bottom" per character so a closer never searches below where
 * one of its kind already failed: linear in the delimiters.
 */

import { step } from './markdown-steps.ts';

export interface Delim {
  t: 'd';
  ch: string;
  /** characters not (yet) used as emphasis */
  n: number;
  open: boolean;
  close: boolean;
  pos: number;
  prev: Delim | null;
  next: Delim | null;
  /** elements this run closes (in order), then opens (outermost first); made on the first match */
  closes?: string[];
  opens?: string[];
}

/** Matches emphasis among the delimiters after `bottom` (CommonMark's process_emphasis), then drops them. */
export function emphasis(bottom: Delim | null, tail: { d: Delim | null }): void {
  const remove = (d: Delim) => {
    if (d.prev) d.prev.next = d.next;
    if (d.next) d.next.prev = d.prev;
    if (tail.d == d) tail.d = d.prev;
  };
  const floor: Record<string, number> = {};
  const bottomPos = bottom ? bottom.pos : -1;
  let closer = bottom ? bottom.next : first(tail.d);
  while (closer) {
    step();
    if (!closer.close) {
      closer = closer.next;
      continue;
    }
    let o = closer.prev;
    const stop = Math.max(bottomPos, floor[closer.ch] ?? -1);
    while (o && o.pos > stop && !(o.open && o.ch == closer.ch)) {
      step();
      o = o.prev;
    }
    if (o && o.pos > stop) {
      const use = o.n >= 2 && closer.n >= 2 ? 2 : 1;
      const tag = use == 2 ? 'strong' : 'em';
      o.n -= use;
      (o.opens ??= []).unshift(tag);
      closer.n -= use;
      (closer.closes ??= []).push(tag);
      // Delimiters between the pair stay text.
      for (let d = o.next; d && d != closer; d = d.next) {
        step();
        remove(d);
      }
      if (!o.n) remove(o);
      if (!closer.n) {
        const next = closer.next;
        remove(closer);
        closer = next;
      }
    } else {
      floor[closer.ch] = closer.prev ? closer.prev.pos : -1;
      const next = closer.next;
      if (!closer.open) remove(closer);
      closer = next;
    }
  }
  // What is left above the bottom is text.
  for (let d = bottom ? bottom.next : first(tail.d); d; d = d.next) {
    step();
    remove(d);
  }
}

function first(d: Delim | null): Delim | null {
  // Only used once per emphasis() call from the tail: linear in the delimiters it then visits.
  while (d?.prev) {
    step();
    d = d.prev;
  }
  return d;
}
