export { createConversationLogger, type LoggerDeps } from './conversation-logger.ts';
export { ValidationError } from './core/validation-error.ts';
export type * from './core/types.ts';
