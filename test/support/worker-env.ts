// Test files may import shared/ modules, which read their configuration at import time: point
// them at the environment the global setup started, as the local runtime does for handlers.
import { inject } from 'vitest';
import { LOCAL_CLIENT_ID, localIssuerUrl } from '../../infra/local/oidc-issuer.js';
import { ROOMY_ABUSE_LIMITS } from './abuse-limits.js';

Object.assign(process.env, {
  TABLE_NAME: inject('tableName'),
  DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
  AWS_REGION: 'us-east-1',
  OIDC_ISSUER: localIssuerUrl(inject('apiUrl')),
  OIDC_AUDIENCE: LOCAL_CLIENT_ID,
  WORKSPACE_LIMIT_PER_ORG: String(inject('workspaceLimit')),
  PENDING_INVITATION_LIMIT: String(inject('pendingInvitationLimit')),
  CURSOR_SIGNING_KEY: inject('cursorSigningKey'),
  TOKEN_SIGNING_KEY_FILE: inject('tokenSigningKeyFile'),
  CREDENTIALS_MASTER_KEY_FILE: inject('credentialsMasterKeyFile'),
  ACCESS_TOKEN_ISSUER: inject('apiUrl'),
  EVENT_FEED_SETTLE_SECONDS: '1',
  ...ROOMY_ABUSE_LIMITS,
  // The mail modules check their configuration at import, as in Lambda.
  SES_ENDPOINT: inject('sesEndpoint'),
  MAIL_FROM: 'Orgspace <noreply@orgspace.local>',
  INVITATION_LINK_BASE: `${inject('apiUrl')}/invite`,
  // Handlers that tests run in their own process log only what went wrong; the local runtime's lines are in runtimeLogFile.
  LOG_LEVEL: 'error',
  // As the local runtime has it: the tests' webhook receivers listen on 127.0.0.1.
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  // Domain checks run in test workers too (route samples, the scheduled pass): the same local DNS server.
  DNS_SERVERS: inject('dnsServer'),
  ALLOW_TEST_DOMAINS: 'true',
});
