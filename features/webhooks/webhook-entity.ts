// A webhook endpoint: where an org's events are delivered, which of them, and the secrets that
// sign them. It lives in the org's partition, so the fan-out reads an org's endpoints with one
// Query, and the org item counts them (at most the limit, checked in the transaction that adds one).
// The secrets are stored because signing needs them; no response but the one that makes a secret
// (create, rotate) carries it, and no event, log line or error does.
import { defineEntity } from '../../shared/table/entity.js';
import { type Stored, shape } from '../../shared/table/stored-shape.js';
import { orgPartition, PREFIXES } from '../../shared/table/table-definition.js';

export const DISABLED_REASONS = ['gone', 'failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

const webhookRecord = shape.object({
  id: shape.string,
  org_id: shape.string,
  url: shape.string,
  /** Action names, `group.*` prefixes or `*`. */
  events: shape.array(shape.string),
  description: shape.nullable(shape.string),
  enabled: shape.boolean,
  /** Why the system turned it off (410 Gone, or 5 days of failures); null when enabled or turned off by an admin. */
  disabled_reason: shape.nullable(shape.oneOf(DISABLED_REASONS)),
  signing_secret: shape.string,
  /** The secret a rotation replaced: deliveries are signed with it too until it expires, so receivers can switch over. */
  previous_signing_secret: shape.optional(shape.string),
  previous_secret_expires_at: shape.optional(shape.string),
  /**
   * The first failed attempt since the last success: once that is 5 days ago, the endpoint is
   * disabled. Bookkeeping of the sender, written without moving the version on.
   */
  failing_since: shape.optional(shape.string),
  created_by: shape.string,
  created_at: shape.string,
  updated_at: shape.string,
  /** Moved on by every change an admin (or the system's disabling) makes; updates are conditioned on the version they read. */
  version: shape.number,
});

export type WebhookRecord = Stored<typeof webhookRecord>;

export const webhookEntity = defineEntity({
  type: 'webhook',
  shape: webhookRecord,
  key: (webhook: Pick<WebhookRecord, 'org_id' | 'id'>) => ({ pk: orgPartition(webhook.org_id), sk: PREFIXES.webhook + webhook.id }),
});

export const webhookRanges = {
  webhooksOfOrg: (orgId: string) => ({ partition: orgPartition(orgId), prefix: PREFIXES.webhook }),
};

/** The secrets that sign a delivery made at `now`: the current one, and the one it replaced while that is in its grace period. */
export function signingSecrets(webhook: WebhookRecord, now: number): string[] {
  const previous =
    webhook.previous_signing_secret && webhook.previous_secret_expires_at && Date.parse(webhook.previous_secret_expires_at) > now
      ? [webhook.previous_signing_secret]
      : [];
  return [webhook.signing_secret, ...previous];
}
