/**
 * The only text the launcher needs before the panel chunk loads (English; the locale packs and
 * `strings` override it). The rest of the English text is in strings.ts, in the panel chunk.
 */
export const shellStrings = {
  launcher: 'Open support chat',
  close: 'Close chat',
  unread: '{n} new answers',
  unreadOne: '1 new answer',
};
