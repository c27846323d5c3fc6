/** What the widget's UI is made of and hands out: the panel chunk's shape, how chunks arrive, the UI's deps and API. */
import type { createAroundController } from '../around/around-controller.ts';
import type { createAnswering } from '../chat/answering.ts';
import type { ChatSession } from '../chat/chat-session.ts';
import type { ConversationLogger } from '../core/public-types.ts';
import type { StorageNames } from '../core/storage-names.ts';
import type { CurrentConversation } from '../storage/current-conversation.ts';
import type { mountPanel } from '../ui/panel/panel-view.tsx';
import type { extendShell } from '../ui/shell/shell-extras.ts';
import type { Shell } from '../ui/shell/shell.ts';
import type { EventBus } from '../widget-core/event-bus.ts';
import type { AnswerSource, ChatEndpointConfig, PageContext, Strings, WidgetConfig, WidgetView } from '../widget-core/widget-types.ts';

/** What the panel chunk (entries/panel-chunk.ts) hands the widget once loaded. */
export interface PanelChunk {
  mountPanel: typeof mountPanel;
  /** `chat`'s answer source (chat/answer-source.ts), with its way of loading protocols. */
  answerSource: (chat: ChatEndpointConfig) => AnswerSource;
  createAnswering: typeof createAnswering;
  createAroundController: typeof createAroundController;
  defaultStrings: Strings;
  extendShell: typeof extendShell;
}

/** How the UI's code and texts arrive: differently for the npm package and the script tag. */
export interface UiLoaders {
  /** Loads the panel chunk (UI and answer source): `import()` for npm, a sibling script for the script tag. */
  loadPanel: () => Promise<PanelChunk>;
  /** Loads a language pack other than English: `import()` for npm, a sibling script for the script tag. */
  loadLocale?: (code: string) => Promise<Partial<Strings>>;
  /** The launcher the script tag painted before this code loaded: handed over with the widget's callbacks. */
  adoptShell?: (onToggle: () => void, prefetch: () => void) => { host: HTMLElement; shell: Shell };
}

export interface WidgetUiDeps {
  config: () => WidgetConfig;
  /** The project's storage names (core/storage-names.ts). */
  names: StorageNames;
  deps: UiLoaders;
  logger: ConversationLogger;
  session: ChatSession;
  pointer: CurrentConversation;
  events: EventBus;
  pageContext: () => PageContext | null;
  report: (e: unknown) => void;
}

export interface WidgetUi {
  /** Shows (with an optional view) or hides the panel; inline, "open" moves focus into it. */
  setOpen(next: boolean, view?: WidgetView): void;
  isOpen(): boolean;
  /** Loads the panel chunk once; resolves to it (undefined once destroyed or when it failed). */
  panelChunk(): Promise<PanelChunk | undefined>;
  /** The configuration changed: follow its language, render again. */
  configChanged(localeChanged: boolean): void;
  render(): void;
  /** Dispatches `support-copilot:<name>` on the widget's element (bubbling, composed). */
  dom(name: string, detail: unknown): void;
  destroy(): void;
}
