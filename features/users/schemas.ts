import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { id, timestamp } from '../../shared/http/schemas.js';

const personMe = z.lazy(() =>
  z.object({
    principal_type: z.literal('user'),
    id,
    email: z.string(),
    name: z.nullable(z.string()),
    created_at: timestamp,
    orgs: z.array(z.object({ id, name: z.string(), role: roleKey })),
  }),
);

/** A workspace API key: where it acts and what it may do there. */
const apiKeyMe = z.lazy(() =>
  z.object({
    principal_type: z.literal('api_key'),
    api_key: z.object({ id, name: z.string(), display: z.string(), created_at: timestamp, expires_at: z.nullable(timestamp) }),
    org_id: id,
    workspace: z.object({ id, name: z.string() }),
    role: roleKey,
    permissions: z.array(z.string()).check(z.describe('What the key may do in its workspace, as `resource:action`.')),
  }),
);

export const me = z.lazy(() => z.union([personMe, apiKeyMe]));

export type Me = z.infer<typeof personMe>;
