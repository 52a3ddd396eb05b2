// TransactWriteItems over labelled steps, with the two things every caller needs: which condition
// failed, by label (with the item as it was, so a missing membership can answer 404 and a weak
// role 403), and retries of conflicts with concurrent transactions, which DynamoDB reports but the
// SDK does not retry. A failed condition is a value, not an exception: a caller that can correct
// its assumptions and try again does so in a plain loop.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { db } from '../clients.js';
import { ServiceUnavailableError } from '../vocabulary/errors.js';
import type { Step } from './steps.js';

export interface ConditionFailure<L extends string> {
  label: L;
  /** The item as it stood, keys included; undefined if it did not exist. */
  item: Record<string, unknown> | undefined;
}

export type TransactOutcome<L extends string> = { ok: true } | ({ ok: false } & ConditionFailure<L>);

// Many clients racing for one item (twenty accepts of one invitation) conflict repeatedly; after
// the winner commits, a retry meets its condition failure and gets the real answer instead of a 503.
export const CONFLICT_ATTEMPTS = 6;

export async function transact<L extends string>(transactionSteps: readonly Step<L>[]): Promise<TransactOutcome<L>> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: transactionSteps.map((step) => step.item) }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failedIndex = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
      if (failedIndex >= 0) {
        const raw = reasons[failedIndex]?.Item;
        return { ok: false, label: transactionSteps[failedIndex]!.label, item: raw ? unmarshall(raw) : undefined };
      }
      const conflicted = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflicted) throw error;
      if (attempt >= CONFLICT_ATTEMPTS) throw new ServiceUnavailableError(1);
      await sleep(Math.random() * 20 * 2 ** attempt);
    }
  }
}

/** For a transaction whose every failure is final: `explain` turns the failed step into the client's error. */
export async function transactOrThrow<L extends string>(
  transactionSteps: readonly Step<L>[],
  explain: (failure: ConditionFailure<L>) => Error,
): Promise<void> {
  const outcome = await transact(transactionSteps);
  if (!outcome.ok) throw explain(outcome);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
