// Everything the widget needs only once the chat is opened: loaded lazily, never by visitors who don't open it.
export { mountPanel } from '../ui/panel/panel-view.tsx';
export { openAiCompatibleSource } from '../chat/openai-compatible-source.ts';
export { createAnswering } from '../chat/answering.ts';
// Around the chat (issue 13)
export { createAroundController } from '../around/around-controller.ts';
export { defaultStrings } from '../ui/panel/strings.ts';
export { extendShell } from '../ui/shell/shell-extras.ts';
