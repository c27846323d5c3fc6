export { createSupportCopilot } from './create-support-copilot.ts';
export type { SupportCopilot, WidgetConfig, WidgetEvent, WidgetEventName } from './widget.ts';
export { createConversationLogger, type LoggerDeps } from './conversation-logger.ts';
export { ValidationError } from './core/validation-error.ts';
export type { Strings } from './ui/strings.ts';
export type { Theme } from './ui/types.ts';
export type { AnswerContext, AnswerSource, ChatEndpointConfig } from './chat/answer-source.ts';
export type * from './core/types.ts';
