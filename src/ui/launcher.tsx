import type { Ref } from 'preact';
import { Icon, icons } from './icon.tsx';

export interface LauncherProps {
  label: string;
  onOpen(): void;
  innerRef?: Ref<HTMLButtonElement>;
}

/** Round bottom-right button that opens the panel. */
export function Launcher({ label, onOpen, innerRef }: LauncherProps) {
  return (
    <button ref={innerRef} type="button" class="launch" aria-label={label} title={label} aria-haspopup="dialog" onClick={onOpen}>
      <Icon d={icons.chat} />
    </button>
  );
}
