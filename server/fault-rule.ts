/**
 * What a fault rule is (the admin API's input) and what one did to a request (the request log's
 * record of it). Kept apart from the rules' engine so the log can name a fault without importing it.
 */
import * as z from 'zod/mini';

export const FAULT_MODES = ['status', 'drop', 'hang', 'lose-response'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const faultRuleSchema = z.object({
  path: z.optional(z.string().check(z.startsWith('/'))),
  key: z.optional(z.string().check(z.minLength(1))),
  count: z.optional(z.int().check(z.refine((n) => n === -1 || n >= 1, 'count must be -1 (until cleared) or >= 1'))),
  // 3xx answers with `Location` (a redirect the widget must not follow); 4xx/5xx as problem+json.
  status: z.optional(z.int().check(z.gte(300), z.lte(599))),
  location: z.optional(z.string().check(z.minLength(1))),
  retryAfter: z.optional(z.string().check(z.minLength(1))),
  latencyMs: z.optional(z.int().check(z.gte(0), z.lte(600_000))),
  mode: z.optional(z.enum(FAULT_MODES)),
});
export type FaultRuleInput = z.infer<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Matching requests still to fault; -1 = until cleared. */
  remaining: number;
}

/** What was done to one request, as recorded in the request log. */
export interface FaultApplied {
  ruleId: string;
  /** 'latency' when the rule only delayed the request, which was then handled normally. */
  mode: FaultMode | 'latency';
  status?: number;
  retryAfter?: string;
  latencyMs?: number;
  location?: string;
}
