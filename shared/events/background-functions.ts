// Functions that no HTTP route calls: table-stream consumers and schedules. Like the route table,
// this list drives both the CDK stack and the local runtime, so they run the same way in both.

/** A Lambda event filter pattern (the subset used here: exact values, nested by attribute). */
export type EventPattern = { [key: string]: string[] | EventPattern };

interface BackgroundFunction {
  /** Also the handler's file name: `functions/<name>.ts`. */
  name: string;
  description: string;
  /** `none` for a function that reads nothing from the table (a stream consumer gets its records from the stream). */
  tableAccess: 'write' | 'none';
  /** Gets the mail settings and the right to send through SES. */
  sendsMail: boolean;
  /** Gets the event bus's name and the right to put events on it (and on no other bus). */
  publishesEvents: boolean;
}

export interface StreamConsumer extends BackgroundFunction {
  /** Only records matching this pattern reach the function. */
  filter: EventPattern;
  batchSize: number;
  /** Quick retries of a failing batch before it goes to the dead-letter queue (the outbox retries later regardless). */
  retryAttempts: number;
  /** What a batch in the dead-letter queue means, and what to do: the description of its alarm. */
  whenDeadLettered: string;
}

export interface Schedule extends BackgroundFunction {
  everyMinutes: number;
}

export const streamConsumers: readonly StreamConsumer[] = [
  {
    name: 'send-invitation-emails',
    description: 'Sends each invitation email as soon as its outbox item is written',
    tableAccess: 'write',
    sendsMail: true,
    publishesEvents: false,
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['outbox'] } } } },
    batchSize: 10,
    retryAttempts: 3,
    whenDeadLettered:
      "send-invitation-emails: stream batches failed after retries. The outbox retry schedule keeps sending; check SES and the function's logs.",
  },
  {
    name: 'send-notices',
    description:
      'Sends each notice (an email other than an invitation) as soon as it is queued; expands one to a group into a copy per admin',
    tableAccess: 'write',
    sendsMail: true,
    publishesEvents: false,
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['notice'] } } } },
    batchSize: 10,
    retryAttempts: 3,
    whenDeadLettered:
      "send-notices: stream batches failed after retries. The notice retry schedule keeps sending what is due; check the table and the function's logs.",
  },
  {
    name: 'drop-workspace-grants',
    description: "Removes a deleted workspace from its members' grants, then its queued cleanup",
    tableAccess: 'write',
    sendsMail: false,
    publishesEvents: false,
    filter: { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: ['workspace'] } } } },
    batchSize: 10,
    retryAttempts: 5,
    whenDeadLettered:
      "drop-workspace-grants: stream batches failed after retries. The sweep schedule runs their cleanups once due; check the function's logs.",
  },
  {
    name: 'erase-personal-credentials',
    description: "Erases a member's personal credentials in an org, and their data key there, once they leave or are removed",
    tableAccess: 'write',
    sendsMail: false,
    publishesEvents: false,
    filter: { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: ['member'] } } } },
    batchSize: 10,
    retryAttempts: 8,
    whenDeadLettered:
      "erase-personal-credentials: a former member's personal credentials were not erased after retries. Nobody can read them (every personal route checks the caller's current membership), but they are still stored: redrive the batch, or delete them with DELETE /api/v1/orgs/{orgId}/members/{userId}/credentials/{credentialId}; check the function's logs (erase_personal_credentials_failed).",
  },
  {
    name: 'copy-org-to-memberships',
    description:
      "Copies an org's name and personal flag onto its memberships when it is renamed, and onto a membership that joined without them",
    tableAccess: 'write',
    sendsMail: false,
    publishesEvents: false,
    // Every change of an org or a membership matches; the function acts on renames and new memberships only.
    filter: { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { type: { S: ['org', 'member'] } } } },
    batchSize: 10,
    retryAttempts: 8,
    whenDeadLettered:
      "copy-org-to-memberships: a rename or a new membership was not copied after retries, so some members' /me and /orgs show the org's previous name (a membership without a copy reads the org, and is right). Redrive the batch, or rename the org again; check the function's logs (copy_org_to_memberships_failed).",
  },
  {
    name: 'publish-events',
    description: "Puts each new audit event on the stack's EventBridge bus, with its action as the detail-type",
    tableAccess: 'none',
    sendsMail: false,
    publishesEvents: true,
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['audit_event'] } } } },
    // Split into PutEvents requests of at most 10 entries (and 256 KB) by the function.
    batchSize: 100,
    retryAttempts: 8,
    whenDeadLettered:
      "publish-events: audit events did not reach the event bus after retries, and nothing retries them. The message names the stream's shard and sequence numbers; the events themselves stay in the audit log. Check the function's logs (publish_events_failed) and EventBridge.",
  },
  {
    name: 'deliver-webhook-events',
    description: "Delivers each new audit event to the org's webhook endpoints that subscribe to it",
    tableAccess: 'write',
    // It turns off endpoints that answer 410 Gone or keep failing, and emails the org's admins.
    sendsMail: true,
    publishesEvents: false,
    filter: { eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['audit_event'] } } } },
    batchSize: 10,
    retryAttempts: 5,
    whenDeadLettered:
      "deliver-webhook-events: stream batches failed after retries. Their events reached no webhook endpoint (they stay in the audit log); check the function's logs, and the records named in the queue's messages.",
  },
];

export const schedules: readonly Schedule[] = [
  {
    name: 'retry-invitation-emails',
    description: 'Sends invitation emails that are due again after SES refused or failed them',
    tableAccess: 'write',
    sendsMail: true,
    publishesEvents: false,
    everyMinutes: 1,
  },
  {
    name: 'retry-notices',
    description: 'Sends (or expands) the notices that are due again after SES refused or failed them, or the stream missed them',
    tableAccess: 'write',
    sendsMail: true,
    publishesEvents: false,
    everyMinutes: 1,
  },
  {
    name: 'sweep-workspace-grants',
    description: "Removes deleted workspaces from their members' grants where the stream consumer did not (a lost or dead-lettered record)",
    tableAccess: 'write',
    sendsMail: false,
    publishesEvents: false,
    everyMinutes: 5,
  },
  {
    name: 'retry-webhook-deliveries',
    description: 'Attempts the webhook deliveries that are due again, on their retry schedule',
    tableAccess: 'write',
    sendsMail: true,
    publishesEvents: false,
    everyMinutes: 1,
  },
  {
    name: 'check-domains',
    description: 'Looks up the TXT records of domain claims that are due: pending ones with backoff, verified ones daily',
    tableAccess: 'write',
    // A domain that lapses, or a claim another org won, is told to the org's admins.
    sendsMail: true,
    publishesEvents: false,
    everyMinutes: 15,
  },
];

/** Whether a stream record (as Lambda sees it) matches a filter pattern. */
export function matchesPattern(value: unknown, pattern: EventPattern): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Record<string, unknown> | null | undefined)?.[key];
    return Array.isArray(expected) ? expected.includes(actual as string) : matchesPattern(actual, expected);
  });
}
