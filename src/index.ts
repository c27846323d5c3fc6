// Entry of `support-copilot-widget`: the widget, plus everything the headless core exports. Re-exports only.
export { createSupportCopilot } from './entries/create-support-copilot.ts';
export * from './headless.ts';
export type {
  AnswerContext, AnswerFinishReason, AnswerPart, AnswerSource, AnswerSourceLink, AnswerTimeouts, ChatEndpointConfig, GetHelpAction, GetHelpContext, GetHelpOption, PageContext, Strings, SupportCopilot, Theme, Ticket, TicketRequest,
  WidgetConfig, WidgetEvent, WidgetEventName, WidgetView,
} from './widget-core/widget-types.ts';
