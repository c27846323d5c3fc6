/** Stroke icon paths (24x24) used only inside the panel chunk (the launcher's are in icons.ts, in every visitor's download). */
export const answerIcons = {
  check: 'M5 12l5 5L20 7',
  stop: 'M7 7h10v10H7z',
  regenerate: 'M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7',
  external: 'M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5',
  doc: 'M7 3h7l5 5v13H7zM14 3v5h5',
  down: 'M12 5v14M6 13l6 6 6-6',
};
