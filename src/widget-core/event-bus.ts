/** The widget's event bus as the parts around the chat see it; made by widget/widget-events.ts. */
import type { WidgetEvent, WidgetEventName } from './widget-types.ts';

export type Listener = (event: WidgetEvent) => void;

export interface EventBus {
  /** `messageId` picks the event's `message` out of the conversation; other keys are the event's own properties. */
  fire(name: WidgetEventName, properties?: { messageId?: string; [key: string]: unknown }): void;
  on(name: WidgetEventName | '*', listener: Listener): () => void;
  off(name: WidgetEventName | '*', listener: Listener): void;
  clear(): void;
}
