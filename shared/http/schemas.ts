// zod/mini, always as `import * as z`: its functions tree-shake, so a Lambda bundle carries about
// 27 KB of zod instead of the 92 KB of classic zod, whose methods pull in all of it (JSON Schema
// generation included). `import { z }` would materialize the whole namespace, every locale included.
//
// Every composite schema (an object, a query, a body, a response) is declared inside z.lazy, here
// and in each feature's schemas.ts. A handler's bundle imports its feature's whole route table,
// so without it a cold start built every row's schemas (about 150 per bundle, a fifth of the
// baseline's cold init) to use three; now it builds only those it parses with, on first use, and
// the responses, which only the OpenAPI document reads, never. Field schemas (`id`, `timestamp`)
// are small and shared, and stay as they are.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { DISPLAY_NAME_MAX_LENGTH, invisibleCharactersIn } from '../vocabulary/display-name.js';

// Default messages for every schema, phrased as what the client should send: they follow the
// field name in an error (`body.name is required`). A message given on a schema still wins.
// Classic zod loads the English messages by itself; mini does not. Ours cover the common codes.
z.config(en());
z.config({
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined
          ? 'is required'
          : `must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
      case 'invalid_value':
        return `must be one of: ${issue.values.map(String).join(', ')}`;
      case 'unrecognized_keys':
        return 'is not a field of this request; remove it';
      default:
        return undefined;
    }
  },
});

/**
 * A display name: trimmed, 1 to 100 characters, nothing invisible (see display-name.ts). The
 * message names each character to remove, since the client cannot see them.
 */
export const displayName = z.string().check(
  z.trim(),
  z.minLength(1, 'must not be empty or blank'),
  z.maxLength(DISPLAY_NAME_MAX_LENGTH, `must be at most ${DISPLAY_NAME_MAX_LENGTH} characters`),
  z.superRefine((value, context) => {
    const invisible = invisibleCharactersIn(value);
    if (invisible.length === 0) return;
    const listed = invisible.length > 5 ? `${invisible.slice(0, 5).join(', ')} and ${invisible.length - 5} more` : invisible.join(', ');
    context.addIssue({
      code: 'custom',
      input: value,
      message: `must not contain control or invisible characters (ones that show as nothing or reorder text); remove ${listed}`,
    });
  }),
);

export const id = z.uuid('must be a UUID');
export const timestamp = z.iso.datetime();

/** `?limit=`: 1 to 100 items, `defaultSize` when left out. */
export const pageLimit = (defaultSize: number) =>
  z._default(
    z.coerce
      .number('must be a whole number from 1 to 100')
      .check(
        z.int('must be a whole number from 1 to 100'),
        z.minimum(1, 'must be a whole number from 1 to 100'),
        z.maximum(100, 'must be a whole number from 1 to 100'),
      ),
    defaultSize,
  );

/** `?cursor=`: the `next_cursor` of the page before. */
export const pageCursor = () => z.optional(z.string().check(z.minLength(1), z.maxLength(2048)));

/** The fields of every page query, for the routes whose query adds its own filters to them. */
export const pageQueryFields = () => ({ limit: pageLimit(20), cursor: pageCursor() });
export const pageQuery = z.lazy(() => z.strictObject(pageQueryFields()));
export type PageQuery = z.infer<typeof pageQuery>;

export const page = <T extends z.ZodMiniType>(item: T) =>
  z.lazy(() =>
    z.object({
      data: z.array(item),
      next_cursor: z.nullable(z.string()).check(z.describe('Pass as ?cursor= to get the next page; null on the last page.')),
    }),
  );

export const errorBody = z.lazy(() =>
  z.object({
    error: z.object({
      code: z.string().check(z.describe('Stable, snake_case; branch on this.')),
      message: z.string().check(z.describe('A sentence for a person.')),
      request_id: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  }),
);

export const emptyParams = z.lazy(() => z.strictObject({}));
export const orgParams = z.lazy(() => z.strictObject({ orgId: id }));
export const workspaceParams = z.lazy(() => z.strictObject({ orgId: id, workspaceId: id }));
