// The error codes of webhooks, as their route rows list them (and the OpenAPI document shows them).
import type { ErrorCodeSpec } from '../../shared/vocabulary/errors.js';

export const webhookErrors = {
  urlNotAllowed: {
    status: 400,
    code: 'webhook_url_not_allowed',
    message: 'The webhook URL is not allowed: its host 10.0.0.7 is a private address.',
  },
  limitReached: {
    status: 409,
    code: 'webhook_limit_reached',
    message: 'This organization already has the maximum of 10 webhook endpoints. Delete one first.',
  },
  disabled: {
    status: 409,
    code: 'webhook_disabled',
    message: 'The webhook endpoint is disabled, so nothing is delivered to it. Enable it first.',
  },
  deliveryInProgress: {
    status: 409,
    code: 'delivery_in_progress',
    message: 'An attempt of this delivery is under way. Retry once it has finished.',
  },
} as const satisfies Record<string, ErrorCodeSpec>;
