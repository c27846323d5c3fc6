/** The panel chunk as a classic script, for the script-tag build: it hands `mountPanel` to the loader. */
import { mountPanel } from './panel-view.tsx';

const w = window as unknown as { __supportCopilotPanel?: (m: { mountPanel: typeof mountPanel }) => void };
w.__supportCopilotPanel?.({ mountPanel });
