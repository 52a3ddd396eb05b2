import * as z from 'zod/mini';
import { roleKey } from '../../shared/http/role-key-schema.js';
import { id, timestamp } from '../../shared/http/schemas.js';

export const me = z.lazy(() =>
  z.object({
    id,
    email: z.string(),
    name: z.nullable(z.string()),
    created_at: timestamp,
    orgs: z.array(z.object({ id, name: z.string(), role: roleKey })),
  }),
);

export type Me = z.infer<typeof me>;
