import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { displayName, id, timestamp } from '../../shared/http/schemas.js';

export const MAX_KEY_LIFETIME_DAYS = 730;
export const MAX_ROTATION_GRACE_HOURS = 7 * 24;
export const DEFAULT_ROTATION_GRACE_HOURS = 24;

export const apiKeyParams = z.lazy(() => z.strictObject({ orgId: id, workspaceId: id, keyId: id }));

export const createApiKeyBody = z.lazy(() =>
  z.strictObject({
    name: displayName,
    role: roleKey,
    expires_in_days: z.optional(
      z
        .int('must be a whole number of days')
        .check(
          z.minimum(1, `must be from 1 to ${MAX_KEY_LIFETIME_DAYS} days`),
          z.maximum(MAX_KEY_LIFETIME_DAYS, `must be from 1 to ${MAX_KEY_LIFETIME_DAYS} days`),
          z.describe('Days until the key stops working. Left out, it works until it is revoked.'),
        ),
    ),
  }),
);

export const updateApiKeyBody = z.lazy(() => z.strictObject({ name: displayName }));

export const rotateApiKeyBody = z.lazy(() =>
  z.strictObject({
    grace_period_hours: z._default(
      z
        .int('must be a whole number of hours')
        .check(
          z.minimum(0, `must be from 0 to ${MAX_ROTATION_GRACE_HOURS} hours`),
          z.maximum(MAX_ROTATION_GRACE_HOURS, `must be from 0 to ${MAX_ROTATION_GRACE_HOURS} hours`),
          z.describe('How long the replaced secret keeps working beside the new one, so callers can switch over; 0 ends it now.'),
        ),
      DEFAULT_ROTATION_GRACE_HOURS,
    ),
  }),
);

const apiKeyFields = () => ({
  id,
  org_id: id,
  workspace_id: id,
  name: z.string(),
  role: roleKey,
  display: z.string().check(z.describe('`osk_live_AbCd...wXyZ`: enough to tell keys apart, never enough to use one.')),
  prefix: z.string(),
  last4: z.string(),
  status: z.enum(['active', 'expired', 'revoked']),
  created_by: id,
  created_at: timestamp,
  updated_at: timestamp,
  expires_at: z.nullable(timestamp),
  last_used_at: z
    .nullable(timestamp)
    .check(z.describe('When the key last authenticated a request, to within 5 minutes (the authorizer caches its verdict that long).')),
  revoked_at: z.nullable(timestamp),
  previous_secret_valid_until: z
    .nullable(timestamp)
    .check(z.describe('After a rotation, until when the replaced secret keeps working beside the new one.')),
});

export const apiKey = z.lazy(() => z.object(apiKeyFields()));

/** Only the answers of create and rotate carry the secret; nothing shows it again. */
export const apiKeyWithSecret = z.lazy(() =>
  z.object({
    ...apiKeyFields(),
    key: z.string().check(z.describe('The key, to send as `Authorization: Bearer <key>`. Shown once; keep it in a secret store.')),
  }),
);

export type CreateApiKeyInput = z.infer<typeof createApiKeyBody>;
export type ApiKey = z.infer<typeof apiKey>;
export type ApiKeyWithSecret = z.infer<typeof apiKeyWithSecret>;
