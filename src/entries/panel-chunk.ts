// Everything the widget needs only once the chat is opened: loaded lazily, never by visitors who don't open it.
import type { AnswerSource, ChatEndpointConfig } from '../widget-core/widget-types.ts';
import { createAnswerSource } from '../chat/answer-source.ts';
import { loadProtocol } from './protocol-chunks.ts';

export { mountPanel } from '../ui/panel/panel-view.tsx';
export { createAnswering } from '../chat/answering.ts';
/** `chat`'s answer source; protocols other than openai are `import()` chunks of their own. */
export const answerSource = (chat: ChatEndpointConfig): AnswerSource => createAnswerSource(chat, loadProtocol);
// Around the chat (issue 13)
export { createAroundController } from '../around/around-controller.ts';
export { defaultStrings } from '../ui/panel/strings.ts';
export { extendShell } from '../ui/shell/shell-extras.ts';
