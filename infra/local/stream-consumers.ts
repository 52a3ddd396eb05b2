// Emulates Lambda's DynamoDB Streams event source against DynamoDB Local: polls every shard of
// the table's stream, applies each consumer's filter, invokes its handler with Lambda-shaped
// batches, and on a reported failure retries from the failed record a few times before giving
// up on it (in AWS it would go to the dead-letter queue; the outbox's retry schedule still sends it).
// With a checkpoint file it resumes where it left off after a restart (stream-checkpoints.ts).

import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesPattern, type StreamConsumer } from '../../shared/events/background-functions.js';
import { leaveBackgroundFailuresToTheRunner } from '../../shared/observability/background-function.js';
import { log } from '../../shared/observability/log.js';
import { lambdaContext, loadHandler } from './lambda-modules.js';
import { openStreamCheckpoints, type ShardStart } from './stream-checkpoints.js';
import { asLambdaRecord } from './stream-records.js';
import { isUnreachable, outageReporter } from './unreachable.js';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface StreamConsumersHandle {
  stop(): Promise<void>;
}

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: ReturnType<typeof lambdaContext>,
) => Promise<DynamoDBBatchResponse | undefined>;

export async function startStreamConsumers(options: {
  endpoint: string;
  region: string;
  tableName: string;
  consumers: readonly StreamConsumer[];
  pollIntervalMs?: number;
  /** Keeps the place in the stream across restarts; without it, reading starts from now on each start. */
  checkpointFile?: string;
  /** The consumer's handler; Lambda's (functions/<name>.ts) unless a test brings its own. */
  handlerOf?: (consumer: StreamConsumer) => Promise<StreamHandler>;
}): Promise<StreamConsumersHandle> {
  // A batch that throws is reported below (an outage of DynamoDB Local in one line), not by the handler too.
  leaveBackgroundFailuresToTheRunner();
  const handlerOf = options.handlerOf ?? ((consumer: StreamConsumer) => loadHandler<StreamHandler>(consumer.name));
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const dynamo = new DynamoDBClient({ endpoint: options.endpoint, region: options.region, credentials: LOCAL_CREDENTIALS });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials: LOCAL_CREDENTIALS });
  const table = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamo.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream; the mailer needs one.`);

  let stopped = false;
  // Stopping cancels the request in flight and the pause between polls: after a terminal's Ctrl-C,
  // DynamoDB Local is gone already, and the SDK would go on retrying a refused connection.
  const stopping = new AbortController();
  const abortable = { abortSignal: stopping.signal };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stopping.signal.addEventListener('abort', done, { once: true });
    });

  // On the first start against this stream, shards open then are read from now on (as a new event
  // source mapping at LATEST would). Otherwise, and for shards that appear later, each shard is read
  // from its checkpoint, or from its beginning.
  const checkpoints = openStreamCheckpoints(options.checkpointFile, streamArn);
  const iterators = new Map<string, string | null>();
  const knownShards = new Set<string>();
  const readFromNow = new Set<string>();
  let firstDiscovery = true;

  async function shardIterator(shardId: string, start: ShardStart): Promise<string | null> {
    try {
      const iterator = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ...start }), abortable);
      return iterator.ShardIterator ?? null;
    } catch (error) {
      // The checkpoint is older than anything the stream still holds: all it has is new to us.
      if ((error as { name?: string }).name !== 'TrimmedDataAccessException' || start.ShardIteratorType === 'TRIM_HORIZON') throw error;
      return shardIterator(shardId, { ShardIteratorType: 'TRIM_HORIZON' });
    }
  }

  /** Where to pick a shard up again: after what was done with, else where it was first read from. */
  const resumeOf = (shardId: string): ShardStart =>
    checkpoints.startOf(shardId).ShardIteratorType === 'TRIM_HORIZON' && readFromNow.has(shardId)
      ? { ShardIteratorType: 'LATEST' }
      : checkpoints.startOf(shardId);

  async function discoverShards(): Promise<void> {
    const fromNow = firstDiscovery && !checkpoints.knownStream;
    const listed = new Set<string>();
    let exclusiveStart: string | undefined;
    do {
      const described = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStart }),
        abortable,
      );
      for (const shard of described.StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId!;
        listed.add(shardId);
        if (knownShards.has(shardId)) continue;
        knownShards.add(shardId);
        const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
        if (fromNow && closed) continue;
        if (fromNow) readFromNow.add(shardId);
        iterators.set(shardId, await shardIterator(shardId, fromNow ? { ShardIteratorType: 'LATEST' } : checkpoints.startOf(shardId)));
      }
      exclusiveStart = described.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart);
    checkpoints.keepOnly(listed);
    firstDiscovery = false;
  }

  /** False when stopping cut it short: then the records are not done with, and are read again after a restart. */
  async function invokeWithRetries(consumer: StreamConsumer, records: DynamoDBRecord[]): Promise<boolean> {
    const handler = await handlerOf(consumer);
    let pending = records;
    for (let attempt = 0; pending.length > 0; attempt++) {
      let failedFrom: number;
      try {
        const response = await handler({ Records: pending }, lambdaContext(consumer.name, randomUUID(), 60_000));
        const failures = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        failedFrom = pending.findIndex((record) => failures.has(record.dynamodb?.SequenceNumber ?? ''));
      } catch (error) {
        // Failing because we are shutting down (DynamoDB Local or SES gone) is no news.
        if (stopped) return false;
        console.error(`[local stream] ${consumer.name} failed:`, error);
        failedFrom = 0;
      }
      if (failedFrom < 0) {
        log(
          'info',
          'stream_batch',
          { consumer: consumer.name, records: pending.length, attempts: attempt + 1 },
          `stream → ${consumer.name}: ${pending.length} record${pending.length === 1 ? '' : 's'}${attempt > 0 ? ` (attempt ${attempt + 1})` : ''}`,
        );
        return true;
      }
      if (stopped) return false;
      pending = pending.slice(failedFrom);
      if (attempt >= consumer.retryAttempts) {
        console.warn(
          `[local stream] ${consumer.name}: gave up on ${pending.length} record(s) after ${attempt + 1} attempts (in AWS: the dead-letter queue)`,
        );
        return true;
      }
      await pause(200 * 2 ** attempt);
    }
    return true;
  }

  // Each consumer has an event source mapping of its own in AWS, so one that is slow (a webhook
  // receiver taking its 15 seconds) does not hold the others up: here they take a batch side by side.
  async function deliver(records: DynamoDBRecord[]): Promise<boolean> {
    const done = await Promise.all(
      options.consumers.map(async (consumer) => {
        const matching = records.filter((record) => matchesPattern(record, consumer.filter));
        for (let start = 0; start < matching.length; start += consumer.batchSize) {
          if (!(await invokeWithRetries(consumer, matching.slice(start, start + consumer.batchSize)))) return false;
        }
        return true;
      }),
    );
    return done.every(Boolean);
  }

  let rediscoverAt = 0;
  async function pollOnce(): Promise<void> {
    if (Date.now() >= rediscoverAt) {
      await discoverShards();
      rediscoverAt = Date.now() + 5_000;
    }
    for (const [shardId, iterator] of iterators) {
      if (!iterator || stopped) continue;
      let batch: GetRecordsCommandOutput;
      try {
        batch = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }), abortable);
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw error;
        // DynamoDB Local invalidates iterators now and then; carry on after the last record done with.
        iterators.set(shardId, await shardIterator(shardId, resumeOf(shardId)));
        continue;
      }
      const records = batch.Records ?? [];
      if (records.length > 0 && !(await deliver(records.map((record) => asLambdaRecord(record, streamArn!))))) return;
      iterators.set(shardId, batch.NextShardIterator ?? null);
      const last = records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) checkpoints.record(shardId, last);
    }
  }

  await discoverShards();
  const outage = outageReporter('[local stream] DynamoDB Local is not answering');
  const loop = (async () => {
    while (!stopped) {
      try {
        await pollOnce();
        outage.recovered();
      } catch (error) {
        if (stopped) break;
        if (isUnreachable(error)) outage.failed(error);
        else console.error('[local stream] polling failed:', error);
      }
      await pause(pollIntervalMs);
    }
  })();

  return {
    stop: async () => {
      stopped = true;
      stopping.abort();
      await loop;
      streams.destroy();
    },
  };
}
