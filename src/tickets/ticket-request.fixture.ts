/** A ticket request for unit tests (not part of any bundle: only tests import it). */
import type { TicketRequest } from '../widget-core/widget-types.ts';

export const ticketRequest = (submissionId = 'sub-1', createdAt = Date.UTC(2026, 0, 1)): TicketRequest => ({
  submissionId,
  name: 'Ada',
  email: 'ada@example.com',
  description: 'It broke',
  conversationId: 'conv-1',
  transcript: null,
  page: null,
  userProperties: { id: 'v1' },
  createdAt: new Date(createdAt).toISOString(),
});
