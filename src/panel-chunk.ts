// Everything the widget needs only once the chat is opened: loaded lazily, never by visitors who don't open it.
export { mountPanel } from './ui/panel-view.tsx';
export { openAiCompatibleSource } from './chat/openai-compatible-source.ts';
export { createAnswering } from './chat/answering.ts';
