// Functions that no HTTP route calls: table-stream consumers and schedules. Like the route table,
// this list drives both the CDK stack and the local runtime, so they run the same way in both.

/** A Lambda event filter pattern (the subset used here: exact values, nested by attribute). */
export type EventPattern = { [key: string]: string[] | EventPattern };

interface BackgroundFunction {
  /** Also the handler's file name: `functions/<name>.ts`. */
  name: string;
  description: string;
  /** Gets the mail settings and the right to send through SES. */
  sendsMail: boolean;
}

export interface StreamConsumer extends BackgroundFunction {
  /** Only records matching this pattern reach the function. */
  filter: EventPattern;
  batchSize: number;
  /** Quick retries of a failing batch before it goes to the dead-letter queue (the outbox retries later regardless). */
  retryAttempts: number;
  /** What a dead-lettered batch means, and what to do: said by its alarm. */
  deadLetterNote?: string;
}

export interface Schedule extends BackgroundFunction {
  everyMinutes: number;
}

export const streamConsumers: readonly StreamConsumer[] = [
  {
    name: 'send-invitation-emails',
    description: 'Sends each invitation email as soon as its outbox item is written',
    sendsMail: true,
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['outbox'] } } } },
    batchSize: 10,
    retryAttempts: 3,
  },
  {
    name: 'drop-workspace-grants',
    description: "Removes a deleted workspace from its members' grants, then its queued cleanup",
    sendsMail: false,
    filter: { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: ['workspace'] } } } },
    batchSize: 10,
    retryAttempts: 5,
  },
  {
    name: 'deliver-webhook-events',
    description: "Delivers each new audit event to the org's webhook endpoints that subscribe to it",
    // It turns off endpoints that answer 410 Gone or keep failing, and emails the org's admins.
    sendsMail: true,
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['audit_event'] } } } },
    batchSize: 10,
    retryAttempts: 5,
    deadLetterNote:
      "The events of those batches reached no webhook endpoint (they stay in the audit log); check the function's logs, and the records named in the queue's messages.",
  },
];

export const schedules: readonly Schedule[] = [
  {
    name: 'retry-invitation-emails',
    description: 'Sends invitation emails that are due again after SES refused or failed them',
    sendsMail: true,
    everyMinutes: 1,
  },
  {
    name: 'sweep-workspace-grants',
    description: "Removes deleted workspaces from their members' grants where the stream consumer did not (a lost or dead-lettered record)",
    sendsMail: false,
    everyMinutes: 5,
  },
  {
    name: 'retry-webhook-deliveries',
    description: 'Attempts the webhook deliveries that are due again, on their retry schedule',
    sendsMail: true,
    everyMinutes: 1,
  },
];

/** Whether a stream record (as Lambda sees it) matches a filter pattern. */
export function matchesPattern(value: unknown, pattern: EventPattern): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Record<string, unknown> | null | undefined)?.[key];
    return Array.isArray(expected) ? expected.includes(actual as string) : matchesPattern(actual, expected);
  });
}
