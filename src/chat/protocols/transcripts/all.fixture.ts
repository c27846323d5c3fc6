/** Every recorded transcript, in the order of docs/backends.md's table. */
import { aiSdkTranscripts } from './ai-sdk.fixture.ts';
import { FRAMING } from './framing.fixture.ts';
import { INKEEP } from './inkeep.fixture.ts';
import { OPENAI_FAMILY } from './openai-family.fixture.ts';
import type { Transcript } from './transcript.fixture.ts';

export type { Transcript };

export const allTranscripts = async (): Promise<Transcript[]> => [...OPENAI_FAMILY, ...INKEEP, ...(await aiSdkTranscripts()), ...FRAMING];
