// A single conditional write whose failed condition is an answer, not an error: a lease someone
// else holds, an item already moved on. Transactions have transact.ts; this is for one item.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** The write's output, or undefined when its condition did not hold. */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** Whether the write's condition held (and so the write landed). */
export const conditionHeld = async (write: Promise<unknown>): Promise<boolean> => (await unlessConditionFails(write)) !== undefined;
