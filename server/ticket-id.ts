/**
 * Ticket ids: the visitor reads one as a "request number", and (with the ticket's receipt page
 * needing no key) anyone who guesses one learns that it exists, so they are drawn at random:
 * `T-` and 12 characters of Crockford's base32 (no I, L, O or U to misread), 60 bits.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TICKET_ID_CHARS = 12;
export const TICKET_ID = /^T-[0-9A-HJKMNP-TV-Z]{12}$/;

export function newTicketId(): string {
  // One byte per character: 256 is a multiple of 32, so the low 5 bits are uniform.
  return `T-${[...randomBytes(TICKET_ID_CHARS)].map((b) => ALPHABET[b & 31]).join('')}`;
}
