import * as z from 'zod/mini';
import { displayName, id, timestamp } from '../../shared/http/schemas.js';
import { AUDIT_ACTIONS } from '../../shared/vocabulary/audit-actions.js';
import { eventPatternProblem } from './event-patterns.js';

export const MAX_EVENT_PATTERNS = AUDIT_ACTIONS.length;

export const webhookParams = z.lazy(() => z.strictObject({ orgId: id, webhookId: id }));
export const deliveryParams = z.lazy(() => z.strictObject({ orgId: id, webhookId: id, deliveryId: id }));

const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an https URL' })
  .check(z.maxLength(2048, 'must be at most 2048 characters'));

const eventPattern = z.string().check(
  z.maxLength(64, 'must be at most 64 characters'),
  z.superRefine((pattern, context) => {
    const problem = eventPatternProblem(pattern);
    if (problem) context.addIssue({ code: 'custom', message: problem, input: pattern });
  }),
);

const eventPatterns = z.lazy(() =>
  z.array(eventPattern).check(
    z.minLength(1, 'must name at least one event: an action such as member.removed, a group such as member.*, or *'),
    z.maxLength(MAX_EVENT_PATTERNS, `must list at most ${MAX_EVENT_PATTERNS} events`),
    z.refine((patterns) => new Set(patterns).size === patterns.length, 'must not list an event twice'),
  ),
);

export const createWebhookBody = z.lazy(() =>
  z.strictObject({
    url: webhookUrl,
    events: eventPatterns,
    description: z.optional(z.nullable(displayName)),
  }),
);

export const updateWebhookBody = z.lazy(() =>
  z
    .strictObject({
      url: z.optional(webhookUrl),
      events: z.optional(eventPatterns),
      description: z.optional(z.nullable(displayName)),
      enabled: z.optional(z.boolean('must be true or false')),
    })
    .check(z.refine((body) => Object.keys(body).length > 0, 'name at least one of url, events, description, enabled')),
);

const webhookFields = () => ({
  id,
  org_id: id,
  url: z.string(),
  events: z.array(z.string()),
  description: z.nullable(z.string()),
  enabled: z.boolean(),
  disabled_reason: z
    .nullable(z.enum(['gone', 'failing']))
    .check(z.describe('Why Orgspace disabled it: `gone` (the receiver answered 410), `failing` (no success for 5 days).')),
  failing_since: z.nullable(timestamp).check(z.describe('The first failed attempt since the last success.')),
  previous_secret_expires_at: z
    .nullable(timestamp)
    .check(z.describe('After a rotation, until when deliveries are signed with the previous secret as well.')),
  created_by: id,
  created_at: timestamp,
  updated_at: timestamp,
});

export const webhook = z.lazy(() => z.object(webhookFields()));

/** Only the answers of create and rotate-secret carry the secret; nothing shows it again. */
export const webhookWithSecret = z.lazy(() =>
  z.object({
    ...webhookFields(),
    secret: z.string().check(z.describe('`whsec_` and base64: the key of the Standard Webhooks signature. Shown once; keep it.')),
  }),
);

export const delivery = z.lazy(() =>
  z.object({
    id: id.check(z.describe('Also the `webhook-id` header of every attempt: the same on retries.')),
    webhook_id: id,
    event_id: id,
    action: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number(),
    last_response_code: z.nullable(z.number()),
    last_duration_ms: z.nullable(z.number()),
    last_error: z.nullable(z.string()),
    next_attempt_at: z.nullable(timestamp),
    last_attempt_at: z.nullable(timestamp),
    created_at: timestamp,
  }),
);

export type CreateWebhookInput = z.infer<typeof createWebhookBody>;
export type UpdateWebhookInput = z.infer<typeof updateWebhookBody>;
export type Webhook = z.infer<typeof webhook>;
export type WebhookWithSecret = z.infer<typeof webhookWithSecret>;
export type Delivery = z.infer<typeof delivery>;
