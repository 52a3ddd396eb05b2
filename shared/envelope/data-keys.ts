// Envelope encryption's outer layer: a data key per workspace (or per person in an org), made and
// unwrapped by a key that never leaves its keeper (KMS in AWS, a master key file locally), always
// under an encryption context that names what the data key is for. A data key wrapped for one
// workspace does not unwrap under another's context.

/** What a data key is bound to: KMS checks it on Decrypt, and CloudTrail records it with every call. */
export type EncryptionContext = Record<string, string>;

export interface NewDataKey {
  /** 32 bytes for AES-256-GCM; kept in memory only. */
  plaintext: Uint8Array;
  /** What is stored: the data key wrapped by the master key. */
  wrapped: Uint8Array;
}

export interface DataKeyKeeper {
  generate(context: EncryptionContext): Promise<NewDataKey>;
  unwrap(wrapped: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
}

/** Unwrapped keys kept for a few minutes per container, as the AWS Encryption SDK's cache does: a burst of reveals costs one Decrypt. */
const CACHE_MS = 5 * 60_000;
const CACHE_ENTRIES = 100;

export function cachingKeeper(keeper: DataKeyKeeper, now = () => Date.now()): DataKeyKeeper {
  const cache = new Map<string, { key: Uint8Array; until: number }>();
  const cacheKey = (wrapped: Uint8Array, context: EncryptionContext) =>
    `${Buffer.from(wrapped).toString('base64')}|${JSON.stringify(Object.entries(context).sort())}`;
  return {
    generate: (context) => keeper.generate(context),
    async unwrap(wrapped, context) {
      const id = cacheKey(wrapped, context);
      const hit = cache.get(id);
      if (hit && hit.until > now()) return hit.key;
      const key = await keeper.unwrap(wrapped, context);
      if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(id, { key, until: now() + CACHE_MS });
      return key;
    },
  };
}
