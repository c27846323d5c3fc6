/**
 * The only text the launcher needs before the panel chunk loads (English; the locale packs and
 * `strings` override it). The rest of the English text is in strings.ts, in the panel chunk: the
 * unread badge's too, since an answer can only complete once the panel has been opened.
 */
export const shellStrings = {
  launcher: 'Open support chat',
  close: 'Close chat',
};
