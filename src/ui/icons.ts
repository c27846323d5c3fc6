/** Stroke icon paths (24x24), shared by the plain-DOM launcher and the Preact panel. */
export const icons = {
  chat: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z',
  close: 'M6 6l12 12M18 6 6 18',
  edit: 'M12 20h9M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z',
  send: 'M5 12h14M13 6l6 6-6 6',
  thumb: 'M7 11v9H4v-9zm0 0 4-8a2.5 2.5 0 0 1 2.5 2.5V9H19a2 2 0 0 1 2 2.3l-1.3 7a2 2 0 0 1-2 1.7H7',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
};
