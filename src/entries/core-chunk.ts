// The script tag's core chunk (support-copilot-core.js): the widget, the logger and the chat session, fetched right after the launcher paints. Re-exports only.
export { startWidget } from '../widget/widget.ts';
