// Where the local stream poller resumes after a restart, kept in DATA_DIR: the last sequence
// number it finished with, per shard of the table's stream. Lambda's event source mapping keeps
// its place across deploys the same way; without this, a restart would skip what changed while
// the poller was down (a deleted workspace whose members keep their grants forever, say).
// Consumers are idempotent, so resuming reads a record twice at worst, never drops one.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type ShardStart =
  | { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER'; SequenceNumber: string }
  | { ShardIteratorType: 'TRIM_HORIZON' }
  | { ShardIteratorType: 'LATEST' };

export interface StreamCheckpoints {
  /** False on the first start against this stream: then open shards are read from now on, as a new mapping at LATEST would. */
  readonly knownStream: boolean;
  /** Where a shard's reading starts: after its checkpoint, else from its beginning (a shard of a stream read before, so nothing is skipped). */
  startOf(shardId: string): ShardStart;
  /** The shard's records up to this one are done with (delivered, or given up on as AWS would). */
  record(shardId: string, sequenceNumber: string): void;
  /** Forgets shards the stream no longer lists (trimmed after 24 hours). */
  keepOnly(shardIds: ReadonlySet<string>): void;
}

interface Saved {
  streamArn: string;
  shards: Record<string, string>;
}

function read(file: string): Saved | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    return typeof saved.streamArn === 'string' && saved.shards && typeof saved.shards === 'object' ? saved : undefined;
  } catch {
    // A file cut short by a crash: resume as from a stream never read, which is what it is now.
    return undefined;
  }
}

/** `file` undefined keeps the checkpoints in memory only (an in-memory environment has no past to resume). */
export function openStreamCheckpoints(file: string | undefined, streamArn: string): StreamCheckpoints {
  const saved = file ? read(file) : undefined;
  // Another stream (the table was created again) starts afresh, as a new mapping would.
  const knownStream = saved?.streamArn === streamArn;
  const shards = new Map<string, string>(knownStream ? Object.entries(saved.shards) : []);
  const save = () => {
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed into place, so a crash mid-write never leaves half a file.
    const scratch = `${file}.${process.pid}.tmp`;
    writeFileSync(scratch, JSON.stringify({ streamArn, shards: Object.fromEntries(shards) } satisfies Saved));
    renameSync(scratch, file);
  };
  // From now on this stream counts as read before, even if we stop before the first record.
  if (!knownStream) save();

  return {
    knownStream,
    startOf(shardId) {
      const sequenceNumber = shards.get(shardId);
      return sequenceNumber
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequenceNumber }
        : { ShardIteratorType: 'TRIM_HORIZON' };
    },
    record(shardId, sequenceNumber) {
      shards.set(shardId, sequenceNumber);
      save();
    },
    keepOnly(shardIds) {
      let changed = false;
      for (const shardId of shards.keys()) {
        if (shardIds.has(shardId)) continue;
        shards.delete(shardId);
        changed = true;
      }
      if (changed) save();
    },
  };
}
