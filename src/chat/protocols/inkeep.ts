/**
 * The `inkeep` protocol: Inkeep's QA API (`https://api.inkeep.com/v1/chat/completions`), Chat
 * Completions with Inkeep's additions; its answers are read by the openai reader, which turns the
 * `provideLinks` tool call into source cards (titles, breadcrumbs; its inline numbered citations,
 * `[(1)](url)`, link the same pages).
 * - model: `inkeep-qa-expert` unless `chat.model` names another `inkeep-qa-*` model
 *   (docs.inkeep.com/ai-api/question-answer-mode/overview);
 * - tools: `provideLinks` is offered (Inkeep returns its sources only when the request offers it:
 *   same page), with `tool_choice: 'auto'` as Inkeep's widget sends it; `chat.body.tools` are
 *   offered too;
 * - from a page, with a public web key (`chat.apiKey`), each request first solves Inkeep's
 *   challenge (inkeep-challenge.ts); through a proxy that holds an API key (no `chat.apiKey` in the
 *   page), none is needed.
 */
import type { AnswerProtocol } from './protocol.ts';
import { LINKS_TOOL } from './protocol.ts';
import { inkeepChallenge } from './inkeep-challenge.ts';

const str = { type: ['string', 'null'] };
/** provideLinks' arguments, as Inkeep documents its LinksToolSchema (docs.inkeep.com, "Use the Question Answer API with the OpenAI SDK"). */
const PROVIDE_LINKS = {
  type: 'function',
  function: {
    name: LINKS_TOOL,
    description: 'Provides links',
    parameters: {
      type: 'object',
      properties: {
        links: {
          type: ['array', 'null'],
          items: {
            type: 'object',
            properties: { label: str, url: { type: 'string' }, title: str, description: str, type: str, breadcrumbs: { type: ['array', 'null'], items: { type: 'string' } } },
            required: ['url'],
          },
        },
      },
    },
  },
};

export const protocol: AnswerProtocol = {
  async request(ctx, config, { tools, ...extra }, fetchImpl) {
    return {
      body: {
        model: config.model ?? 'inkeep-qa-expert',
        messages: ctx.messages,
        stream: true,
        tools: [PROVIDE_LINKS, ...(Array.isArray(tools) ? tools : [])],
        tool_choice: 'auto',
        ...extra,
      },
      headers: config.apiKey ? await inkeepChallenge(config.url, fetchImpl, ctx.signal) : {},
    };
  },
};
