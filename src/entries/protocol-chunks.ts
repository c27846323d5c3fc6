/**
 * npm: the answer protocols other than the default (openai, in the panel chunk) as `import()`
 * chunks, fetched only by a page whose `chat.protocol` (or response) names them.
 */
import type { ProtocolLoader } from '../chat/protocols/protocol.ts';

export const loadProtocol: ProtocolLoader = (name) =>
  (name == 'inkeep' ? import('../chat/protocols/inkeep.ts') : name == 'ai-sdk' ? import('../chat/protocols/ai-sdk.ts') : import('../chat/protocols/text.ts')).then((m) => m.protocol);
