/** The launcher's icons (24x24 stroke paths), in the script-tag bundle; the panel's are in icons.ts. */
export const shellIcons = {
  chat: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z',
  close: 'M6 6l12 12M18 6 6 18',
};
