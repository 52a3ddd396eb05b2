// The shape of a stored record, checked on every read. zod/mini would do the same, but the
// functions that read the table without taking API input (the authorizer, the stream consumers,
// the retry pass) carry no zod today, and it cost them 20-24 KB of bundle each (measured with the
// bench's own esbuild options). A record needs only these few checks, and they run in microseconds.

export interface Shape<T> {
  decode(value: unknown, path: string): T;
}

interface OptionalShape<T> extends Shape<T | undefined> {
  optional: true;
}

/** What a shape decodes to. */
export type Stored<S> = S extends Shape<infer T> ? T : never;

export class StoredShapeError extends Error {}

const fail = (path: string, expected: string, value: unknown): never => {
  throw new StoredShapeError(`${path || 'the item'} should be ${expected}, is ${value === null ? 'null' : typeof value}`);
};

const primitive = <T>(name: 'string' | 'number' | 'boolean'): Shape<T> => ({
  decode: (value, path) => (typeof value === name ? (value as T) : fail(path, `a ${name}`, value)),
});

type ObjectOf<P extends Record<string, Shape<unknown>>> = {
  [K in keyof P as P[K] extends OptionalShape<unknown> ? never : K]: Stored<P[K]>;
} & {
  [K in keyof P as P[K] extends OptionalShape<unknown> ? K : never]?: Stored<P[K]>;
};

type Flat<T> = { [K in keyof T]: T[K] };

export const shape = {
  string: primitive<string>('string'),
  number: primitive<number>('number'),
  boolean: primitive<boolean>('boolean'),

  /** Any value DynamoDB stores (an audit change's before and after), taken as it is. */
  json: { decode: (value: unknown) => value } as Shape<unknown>,

  oneOf<const T extends readonly string[]>(values: T): Shape<T[number]> {
    return {
      decode: (value, path) => (values.includes(value as string) ? (value as T[number]) : fail(path, `one of ${values.join(', ')}`, value)),
    };
  },

  nullable<T>(inner: Shape<T>): Shape<T | null> {
    return { decode: (value, path) => (value === null ? null : inner.decode(value, path)) };
  },

  /** A key the record may lack (DynamoDB stores no attribute for it). */
  optional<T>(inner: Shape<T>): OptionalShape<T> {
    return { optional: true, decode: (value, path) => (value === undefined ? undefined : inner.decode(value, path)) };
  },

  array<T>(item: Shape<T>): Shape<T[]> {
    return {
      decode: (value, path) =>
        Array.isArray(value) ? value.map((entry, i) => item.decode(entry, `${path}[${i}]`)) : fail(path, 'a list', value),
    };
  },

  /** A map keyed by ids (a member's workspace grants). */
  record<T>(entry: Shape<T>): Shape<Record<string, T>> {
    return {
      decode: (value, path) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'a map', value);
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, entry.decode(item, `${path}.${key}`)]));
      },
    };
  },

  /** The declared attributes, each checked; any other attribute of the item is left out. */
  object<P extends Record<string, Shape<unknown>>>(properties: P): Shape<Flat<ObjectOf<P>>> {
    const entries = Object.entries(properties);
    return {
      decode: (value, path) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'a map', value);
        const source = value as Record<string, unknown>;
        const result: Record<string, unknown> = {};
        for (const [key, property] of entries) {
          const decoded = property.decode(source[key], path ? `${path}.${key}` : key);
          if (decoded !== undefined) result[key] = decoded;
        }
        return result as Flat<ObjectOf<P>>;
      },
    };
  },
};
