import type { Link } from '../core/schema.ts';
import type { Strings } from './strings.ts';

export type { Strings };
export type Role = 'user' | 'assistant';

export interface MessageView {
  id: string;
  role: Role;
  content: string;
  links?: Link[] | null;
  /** assistant streaming / finished / failed (shows `error` and a Retry button) */
  state: 'streaming' | 'done' | 'error';
  /** shown when state === 'error' (falls back to strings.error) */
  error?: string;
  /** feedback already given; reflected by aria-pressed */
  feedback?: 'positive' | 'negative';
}

export type Theme = 'light' | 'dark' | 'auto';

export interface AppProps {
  open: boolean;
  messages: MessageView[];
  /** all user-visible text */
  strings: Strings;
  theme: Theme;
  /** sets the --sc-primary custom property */
  primaryColor?: string;
  /** an answer is being generated: Send is disabled */
  busy: boolean;
  /** messages not yet delivered to analytics; status line hidden when 0 */
  pending: number;
  /** a problem to show in the status line (configuration error, storage full...) */
  notice?: string | null;
  onOpen(): void;
  onClose(): void;
  onSend(text: string): void;
  onFeedback(messageId: string, type: 'positive' | 'negative'): void;
  onCopy(messageId: string): void;
  onRetry(messageId: string): void;
  onNewConversation(): void;
}
