/**
 * Server-Sent Events, as the HTML standard reads them (html.spec.whatwg.org, "Parsing an event
 * stream"), from text that arrives in pieces split anywhere: a BOM at the start is dropped; lines
 * end in CRLF, LF or CR (a CR at the end of one piece and an LF at the start of the next are one
 * line end); `:` lines are comments; `data:` lines of one event are joined with a newline; `event:`
 * and `id:` (without NUL) are kept; `retry:` and unknown fields are ignored (there is no
 * reconnection here); a blank line dispatches the event, when it has data. One difference, on
 * purpose: at the end of the body an event that misses its blank line is still dispatched (proxies
 * drop it; each protocol's own end marker says whether the answer is complete).
 *
 * Linear in the text: line ends are found with one forward search for LF and one for CR, each
 * resumed only past its last find, an unfinished line is kept as pieces and joined once, and no
 * piece is scanned again (eventsource-parser 3.0.6 scans
 * the unfinished line again on every piece and the rest of the piece once per line: 100,000 tiny
 * events in one piece took 2.2 s there). `meter.steps` counts the characters looked at (tests).
 * An event that grows over MAX_EVENT characters before its end throws a RangeError (too large to hold).
 */
export const MAX_EVENT = 2_000_000;

export interface SseEvent {
  data: string;
  event: string;
  id: string;
}

export function sseReader(onEvent: (e: SseEvent) => void, onComment?: () => void, meter?: { steps: number }): (text: string, end?: boolean) => void {
  let line: string[] = [];
  let data: string[] = [];
  /** characters held: the unfinished line's, and the event's data */
  let lineLen = 0;
  let dataLen = 0;
  const hold = (n: number) => {
    if ((lineLen += n) + dataLen > MAX_EVENT) throw new RangeError('event too large');
  };
  let event = '';
  let id = '';
  /** the last piece ended in CR: an LF starting the next one ends nothing */
  let afterCr = false;
  let start = true;
  const dispatch = () => {
    if (data.length) onEvent({ data: data.length > 1 ? data.join('\n') : data[0]!, event: event || 'message', id });
    data = [];
    event = '';
    dataLen = 0;
  };
  const field = (l: string) => {
    if (!l) return dispatch();
    const colon = find(l, ':', 0);
    if (colon == 0) return onComment?.();
    const name = colon < 0 ? l : l.slice(0, colon);
    const value = colon < 0 ? '' : l.slice(l[colon + 1] == ' ' ? colon + 2 : colon + 1);
    if (name == 'data') {
      data.push(value);
      dataLen += value.length;
    } else if (name == 'event') event = value;
    else if (name == 'id' && !value.includes('\0')) id = value;
  };
  /** The next `c` at or after `from`, counting the characters the search looks at. */
  const find = (text: string, c: string, from: number) => {
    const at = text.indexOf(c, from);
    if (meter) meter.steps += (at < 0 ? text.length : at + 1) - from;
    return at;
  };
  return (text, end) => {
    if (start && text) {
      start = false;
      if (text.charCodeAt(0) == 0xfeff) text = text.slice(1);
    }
    // The LF of a CRLF whose CR ended the last piece.
    let from = afterCr && text[0] == '\n' ? 1 : 0;
    if (text) afterCr = false;
    // Where the next LF and CR are: each is searched for again only once passed, so no character is looked at twice.
    let lf = find(text, '\n', from);
    let cr = find(text, '\r', from);
    while (lf >= 0 || cr >= 0) {
      const i = lf < 0 || (cr >= 0 && cr < lf) ? cr : lf;
      hold(i - from);
      line.push(text.slice(from, i));
      const l = line.length > 1 ? line.join('') : line[0]!;
      line = [];
      lineLen = 0;
      from = i + 1;
      if (i == cr) {
        if (text[from] == '\n') from++;
        else afterCr = from == text.length;
        cr = find(text, '\r', from);
      }
      if (lf >= 0 && lf < from) lf = find(text, '\n', from);
      field(l);
    }
    if (from < text.length) {
      hold(text.length - from);
      line.push(text.slice(from));
    }
    if (end) {
      if (line.length) field(line.join(''));
      line = [];
      lineLen = 0;
      dispatch();
    }
  };
}
