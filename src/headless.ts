// Entry of `support-copilot-widget/core`: the headless logger, without Preact. Re-exports only.
export { createConversationLogger, type LoggerDeps } from './logger/conversation-logger.ts';
export { SupportCopilotError } from './core/support-copilot-error.ts';
export type {
  AnalyticsEvent, Conversation, ConversationHandle, ConversationSummary, ConversationLogger, ConversationOptions, ErrorCode, EventInput, Feedback, FeedbackInput,
  IdentitySnapshot, Link, LoggerConfig, LoggerEvent, Message, MessageInput, OutboxStats, PrivacyPreferences, SupportAgent, UserIdentity, UserProperties,
} from './core/public-types.ts';
