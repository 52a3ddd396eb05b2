// The other half of the budgeted pair: exactly the DynamoDB requests a handler sent (same inputs,
// parallel ones in parallel) sent again by a document client without our middleware, so that the
// handler's time minus the replay's is what the pipeline costs: middy, zod, authorization, error
// mapping, response shaping and the request log.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { db, dynamoRequestLog } from '../shared/clients.js';

export type Replay = () => Promise<void>;

export interface RawReplay {
  /** Runs `call` once, noting its DynamoDB requests wave by wave; returns a raw replay of them. */
  record(call: () => Promise<unknown>): Promise<Replay>;
  destroy(): void;
}

interface SentCommand {
  command: string;
  input: unknown;
}

// Reads only: the routes timed against a replay are reads.
const rebuild: Record<string, (input: object) => GetCommand | BatchGetCommand | QueryCommand> = {
  GetCommand: (input) => new GetCommand(input as GetCommandInput),
  BatchGetCommand: (input) => new BatchGetCommand(input as BatchGetCommandInput),
  QueryCommand: (input) => new QueryCommand(input as QueryCommandInput),
};
const commandFor = (sent: SentCommand) => {
  const build = rebuild[sent.command];
  if (!build) throw new Error(`The bench cannot replay ${sent.command}`);
  return build({ ...(sent.input as object), ReturnConsumedCapacity: 'TOTAL' });
};

/** Starts noting what the handlers' client sends; from then on every call of `record` captures. */
export function createRawReplay(dynamoEndpoint: string | undefined): RawReplay {
  let captured: SentCommand[] | undefined;
  const send = db.send.bind(db);
  db.send = ((command: Parameters<typeof send>[0]) => {
    captured?.push({ command: command.constructor.name, input: structuredClone(command.input) });
    return send(command);
  }) as typeof db.send;
  const rawClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: process.env.AWS_REGION,
      endpoint: dynamoEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 4,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );

  async function record(call: () => Promise<unknown>): Promise<Replay> {
    dynamoRequestLog.length = 0;
    captured = [];
    await call();
    const waves = new Map<number, SentCommand[]>();
    captured.forEach((sent, i) => {
      const wave = dynamoRequestLog[i]?.roundTrip ?? i;
      waves.set(wave, [...(waves.get(wave) ?? []), sent]);
    });
    captured = undefined;
    return async () => {
      for (const wave of waves.values()) {
        await Promise.all(wave.map((sent) => rawClient.send(commandFor(sent) as GetCommand)));
      }
    };
  }

  return { record, destroy: () => rawClient.destroy() };
}
