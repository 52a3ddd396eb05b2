// The single table: its key attributes, its index, and the registry of key prefixes. Each entity
// declares its own key formats in its feature folder (features/<area>/*-entity.ts) from these
// prefixes; a test checks that no two share one. The CDK stack and the local runtime build the
// table from TABLE_DEFINITION.
//
// The partition map. Partition by org: an org's record, its members and its workspaces share
// `ORG#<orgId>`, so one Query or BatchGetItem answers a request together with its authorization lookup.
//   ORG#<orgId>  ORG                        the organization                                  organizations/org-entity.ts
//   ORG#<orgId>  MEMBER#<userId>            a membership; in gsi1 under USER#<userId>          members/member-entity.ts
//   ORG#<orgId>  EMAIL#<email>              the member holding that address                    members/member-entity.ts
//   ORG#<orgId>  WS#<workspaceId>           a workspace                                        workspaces/workspace-entity.ts
//   ORG#<orgId>  WSNAME#<normalized name>   uniqueness guard for workspace names               workspaces/workspace-entity.ts
//   ORG#<orgId>  INV#<invitationId>         an invitation; in gsi1 under INVITEE#<email>       invitations/invitation-entity.ts
//   ORG#<orgId>  PENDING#<email>            the one open invitation of an address in the org  invitations/invitation-entity.ts
//   ORG#<orgId>  OUTBOX#<sendId>            an email to send; in gsi1 under OUTBOX#DUE while unsent, by due time   invitations/outbox-entity.ts
//   ORG#<orgId>  NOTICE#<noticeId>         an email other than an invitation, or a group's copy for one admin; in gsi1 under
//                                            NOTICE#DUE while pending, by due time (TTL: 30 days once sent, failed or expanded)   notices/notice-entity.ts
//   ORG#<orgId>  CLEANUP#<workspaceId>      a deleted workspace's grants to drop; in gsi1 under CLEANUP#DUE, by due time   members/grant-cleanup-entity.ts
//   ORG#<orgId>  AUDIT#<eventId>            an audit event, ordered by time (UUIDv7 ids); in gsi1 under WSAUDIT#<orgId>#<workspaceId>
//                                            when it concerns a workspace (TTL: the retention)   audit/audit-event-entity.ts
//   ORG#<orgId>  WEBHOOK#<webhookId>        a webhook endpoint, with its signing secrets       webhooks/webhook-entity.ts
//   ORG#<orgId>  DELIVERY#<webhookId>#<deliveryId>  an event's delivery to an endpoint, ordered by time; in gsi1 under
//                                            DELIVERY#DUE while an attempt is due, by due time (TTL: 30 days)   webhooks/webhook-delivery-entity.ts
//   ORG#<orgId>  APIKEY#<workspaceId>#<keyId>  a workspace API key (never its secret), kept when revoked   api-keys/api-key-entity.ts
//   ORG#<orgId>  KEYCOUNT#<workspaceId>     how many keys of a workspace are not revoked (at most the limit)   api-keys/api-key-entity.ts
//   ORG#<orgId>  ACCESSREQ#<workspaceId>#<requestId>  a request for access to a workspace; in gsi1 under REQUESTER#<userId>
//                                            (TTL: 60 days after it was made)   access-requests/access-request-entity.ts
//   ORG#<orgId>  ACCESSPENDING#<workspaceId>#<userId>  the one pending request of a person for a workspace   access-requests/access-request-entity.ts
//   ORG#<orgId>  ACCESSCOUNT#<userId>       a person's pending requests in the org, with when each expires (at most 20 live)   access-requests/access-request-entity.ts
//   ORG#<orgId>  DOMAIN#<domainId>         a claim on an email domain; in gsi1 under DOMAINCHECK#DUE while a DNS check is due,
//                                            by due time   domains/domain-entity.ts
//   ORG#<orgId>  DOMAINNAME#<domain>        uniqueness guard: an org claims a domain once    domains/domain-entity.ts
//   ORG#<orgId>  DOMAINCOUNT                how many domains the org holds (at most the limit)   domains/domain-entity.ts
//   ORG#<orgId>  JOINSETTINGS               how people at the org's verified domains join it (absent: off)   joining/join-settings-entity.ts
//   ORG#<orgId>  JOINBLOCK#<email>          no auto-join for this address: it left, or an admin removed it   joining/join-block-entity.ts
//   ORG#<orgId>  JOINREQ#<requestId>        a request to join; in gsi1 under JOINER#<userId>   joining/join-request-entity.ts
//   ORG#<orgId>  JOINPENDING#<userId>       the one pending request of a person in the org     joining/join-request-entity.ts
//   ORG#<orgId>  CRED#<workspaceId>#<credentialId>  a workspace credential: metadata, masked hints and its current
//                                            secret sealed under the workspace's data key   credentials/credential-entity.ts
//   ORG#<orgId>  CREDPREV#<credentialId>   the version a replacement superseded, for rollback (TTL: 7 days)   credentials/credential-entity.ts
//   ORG#<orgId>  CREDNAME#<workspaceId>#<normalized name>  uniqueness guard for credential names   credentials/credential-entity.ts
//   ORG#<orgId>  DATAKEY#<workspaceId>      the workspace's data key, wrapped by KMS, with its credential count   credentials/credential-entity.ts
//   ORG#<orgId>  PCRED#<userId>#<credentialId>  a member's personal credential, sealed under their own data key
//                                            (its kept previous version is a CREDPREV# item too); in gsi1 under
//                                            PCREDOWNER#<userId>, by org and id   credentials/personal-credential-entity.ts
//   ORG#<orgId>  PCREDNAME#<userId>#<normalized name>  uniqueness guard for a member's personal credential names   credentials/personal-credential-entity.ts
//   ORG#<orgId>  PDATAKEY#<userId>          the member's data key in the org, wrapped by KMS, with their credential count   credentials/personal-credential-entity.ts
//   USER#<userId> PROFILE                   a user; in gsi1 under USER#<userId>, sorted before the memberships     users/user-entity.ts
//   TOKEN#<sha256 of token> INVITATION      finds an invitation from its link                  invitations/invitation-entity.ts
//   KEYSECRET#<sha256 of key> APIKEY      finds a key from its secret: what the authorizer reads (TTL once it stops working)   api-keys/api-key-entity.ts
//   DOMAINOWNER#<domain> OWNER              the one org whose claim on the domain is verified (or lapsed)   domains/domain-owner-entity.ts
//   DOMAINOWNER#<domain> CLAIM#<orgId>#<domainId>  every org's claim on the domain, so the winner's rivals are found   domains/domain-entity.ts
//   MAILRATE#<email> ORG#<orgId>            recent invitation emails from an org to an address (TTL)   invitations/invitation-entity.ts
//   QUOTA#<scope>#<subject> <start>/<PT1H|P1D>  a fixed-window counter: invitation emails per inviter, org or address,
//                                            orgs created per user (TTL)                        quotas/quota-entity.ts
//   IDEMPOTENCY#<caller> KEY#<sha256 of key> a POST sent with an Idempotency-Key (TTL)         shared/http/idempotency-store.ts

export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: {
    /** Items grouped by the person they belong to (a user, or an invitee's address), and the mail queue. */
    byPerson: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  },
  timeToLiveAttribute: 'expires_at_epoch',
} as const;

/** Every prefix a key may start with, each registered once. */
export const PREFIXES = {
  org: 'ORG#',
  user: 'USER#',
  member: 'MEMBER#',
  memberEmail: 'EMAIL#',
  workspace: 'WS#',
  workspaceName: 'WSNAME#',
  invitation: 'INV#',
  invitee: 'INVITEE#',
  pendingInvitation: 'PENDING#',
  outbox: 'OUTBOX#',
  outboxDue: 'OUTBOX#DUE',
  notice: 'NOTICE#',
  noticeDue: 'NOTICE#DUE',
  grantCleanup: 'CLEANUP#',
  grantCleanupDue: 'CLEANUP#DUE',
  invitationToken: 'TOKEN#',
  mailRate: 'MAILRATE#',
  quota: 'QUOTA#',
  auditEvent: 'AUDIT#',
  workspaceAudit: 'WSAUDIT#',
  webhook: 'WEBHOOK#',
  webhookDelivery: 'DELIVERY#',
  webhookDeliveryDue: 'DELIVERY#DUE',
  idempotency: 'IDEMPOTENCY#',
  apiKey: 'APIKEY#',
  apiKeyCount: 'KEYCOUNT#',
  apiKeySecret: 'KEYSECRET#',
  accessRequest: 'ACCESSREQ#',
  pendingAccessRequest: 'ACCESSPENDING#',
  accessRequestCount: 'ACCESSCOUNT#',
  requester: 'REQUESTER#',
  domain: 'DOMAIN#',
  domainName: 'DOMAINNAME#',
  domainCount: 'DOMAINCOUNT',
  domainCheckDue: 'DOMAINCHECK#DUE',
  domainOwner: 'DOMAINOWNER#',
  domainClaim: 'CLAIM#',
  joinBlock: 'JOINBLOCK#',
  joinRequest: 'JOINREQ#',
  pendingJoinRequest: 'JOINPENDING#',
  joinRequester: 'JOINER#',
  credential: 'CRED#',
  previousCredential: 'CREDPREV#',
  credentialName: 'CREDNAME#',
  dataKey: 'DATAKEY#',
  personalCredential: 'PCRED#',
  personalCredentialName: 'PCREDNAME#',
  personalDataKey: 'PDATAKEY#',
  personalCredentialOwner: 'PCREDOWNER#',
} as const;

/** Fixed sort keys of singleton items. */
export const SINGLETON_SORT_KEYS = ['ORG', 'PROFILE', '#PROFILE', 'INVITATION', 'APIKEY', 'OWNER', 'JOINSETTINGS'] as const;

export type PrimaryKey = { pk: string; sk: string };
export type PersonIndexKey = { gsi1pk: string; gsi1sk: string };

/** The partition every org-scoped item lives in. */
export const orgPartition = (orgId: string) => PREFIXES.org + orgId;
