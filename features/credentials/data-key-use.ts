// How a workspace's credentials and a member's personal ones come by the data key they are sealed
// under: the stored one, unwrapped under its context, or a new one for the first credential. Two
// first credentials at once both make one; the transaction that stores it lets one win, and the
// other runs once more with the winner's key.
import { dataKeys } from '../../shared/envelope/data-key-client.js';
import type { EncryptionContext } from '../../shared/envelope/data-keys.js';
import { nowIso } from '../../shared/vocabulary/ids.js';
import { concurrentChange } from './errors.js';

export const unwrapStored = (stored: { wrapped_key: string }, context: EncryptionContext) =>
  dataKeys.unwrap(Buffer.from(stored.wrapped_key, 'base64'), context);

/** What both kinds of data-key record hold besides whose key they are. */
interface DataKeyFields {
  /** Base64 of what KMS (or the local master key) wrapped. */
  wrapped_key: string;
  credential_count: number;
  created_at: string;
}

/** The stored data key opened, or a new one with `fresh`, the record that stores it (counting its first credential). */
export async function keyToSealWith<R extends DataKeyFields>(
  stored: R | undefined,
  context: EncryptionContext,
  record: (fields: DataKeyFields) => R,
): Promise<{ key: Uint8Array; fresh?: R }> {
  if (stored) return { key: await unwrapStored(stored, context) };
  const generated = await dataKeys.generate(context);
  const fresh = record({ wrapped_key: Buffer.from(generated.wrapped).toString('base64'), credential_count: 1, created_at: nowIso() });
  return { key: generated.plaintext, fresh };
}

class LostFirstKeyRace extends Error {}

/** For a failed `data_key` step: on the first attempt, run the create again; after that, a plain conflict. */
export const lostFirstKeyRace = (attempt: number): Error => (attempt === 0 ? new LostFirstKeyRace() : concurrentChange());

export async function retryingFirstKeyRace<T>(create: (attempt: number) => Promise<T>): Promise<T> {
  try {
    return await create(0);
  } catch (error) {
    if (error instanceof LostFirstKeyRace) return create(1);
    throw error;
  }
}
