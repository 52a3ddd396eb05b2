// Always `import * as z`: esbuild then keeps only the zod we use. `import { z }` materializes the
// whole namespace, every locale included, and adds about 340 KB to each Lambda bundle.
import * as z from 'zod';

// Default messages for every schema, phrased as what the client should send: they follow the
// field name in an error (`body.name is required`). A message given on a schema still wins.
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined ? 'is required' : `must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
      case 'invalid_value':
        return `must be one of: ${issue.values.map(String).join(', ')}`;
      case 'unrecognized_keys':
        return 'is not a field of this request; remove it';
      default:
        return undefined;
    }
  },
});

// \p{Cs}: a lone surrogate is not text. It survives JSON.parse, but not the trip through UTF-8 to
// the table: DynamoDB Local saw "x\uD800" and "x\uDC00" as the same workspace name.
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

/** A display name: trimmed, 1 to 100 characters, no control or invisible formatting characters. */
export const displayName = z
  .string()
  .trim()
  .min(1, 'must not be empty or blank')
  .max(100, 'must be at most 100 characters')
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');

export const id = z.uuid('must be a UUID');
export const timestamp = z.iso.datetime();

export const pageQuery = z.strictObject({
  limit: z.coerce
    .number('must be a whole number from 1 to 100')
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be a whole number from 1 to 100')
    .max(100, 'must be a whole number from 1 to 100')
    .default(20),
  cursor: z.string().min(1).max(2048).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    next_cursor: z.string().nullable().describe('Pass as ?cursor= to get the next page; null on the last page.'),
  });

export const errorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable, snake_case; branch on this.'),
    message: z.string().describe('A sentence for a person.'),
    request_id: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })),
  }),
});

export const emptyParams = z.strictObject({});
export const orgParams = z.strictObject({ orgId: id });
export const workspaceParams = z.strictObject({ orgId: id, workspaceId: id });
