// TransactWriteItems with the two things every caller needs: which condition failed (with the
// item as it was, so a missing membership can answer 404 and a weak role 403), and retries for
// conflicts with concurrent transactions, which DynamoDB reports but the SDK does not retry.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db } from '../clients.js';
import { ServiceUnavailableError } from '../errors.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface ConditionFailure {
  /** Position of the failed item in the transaction. */
  index: number;
  /** The item as it stood, when the failed operation asked for it; undefined if it did not exist. */
  item: Record<string, unknown> | undefined;
}

// Many clients racing for one item (twenty accepts of one invitation) conflict repeatedly; after
// the winner commits, a retry meets its condition failure and gets the real answer instead of a 503.
export const CONFLICT_ATTEMPTS = 6;

export async function transactWrite(items: TransactItem[], explainFailure: (failure: ConditionFailure) => Error): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedIndex = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      if (failedIndex >= 0) {
        const raw = reasons[failedIndex]?.Item;
        throw explainFailure({ index: failedIndex, item: raw ? unmarshall(raw) : undefined });
      }
      const conflicted = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflicted || attempt >= CONFLICT_ATTEMPTS) {
        if (conflicted) throw new ServiceUnavailableError(1);
        throw error;
      }
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One transaction item with a name for its condition, so callers explain failures by name rather than position. */
export interface LabelledItem<L extends string> {
  label: L;
  item: TransactItem;
}

export async function transactLabelled<L extends string>(
  steps: LabelledItem<L>[],
  explain: (label: L, failure: ConditionFailure) => Error,
): Promise<void> {
  await transactWrite(
    steps.map((step) => step.item),
    (failure) => explain(steps[failure.index]!.label, failure),
  );
}
