export { icons } from './icons.ts';

/** Decorative icon; the enclosing button carries the accessible name. */
export function Icon({ d, flip }: { d: string; flip?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" class={flip ? 'flip' : undefined}>
      <path d={d} />
    </svg>
  );
}
