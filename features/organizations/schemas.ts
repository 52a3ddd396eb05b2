import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { displayName, id, timestamp } from '../../shared/http/schemas.js';
import { PERMISSIONS } from '../../shared/vocabulary/policy.js';

export const createOrgBody = z.lazy(() => z.strictObject({ name: displayName }));
export const updateOrgBody = z.lazy(() => z.strictObject({ name: displayName }));

export const organization = z.lazy(() =>
  z.object({
    id,
    name: z.string(),
    personal: z.boolean().check(z.describe('True for the organization created for a user at first sign-in.')),
    role: roleKey.check(z.describe("The caller's role in this organization.")),
    created_at: timestamp,
    updated_at: timestamp,
  }),
);

export const role = z.lazy(() =>
  z.object({
    key: roleKey,
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.enum(PERMISSIONS)),
  }),
);

export type Organization = z.infer<typeof organization>;
export type Role = z.infer<typeof role>;
