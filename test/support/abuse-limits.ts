// The abuse limits of the shared test environment: room for the fixtures, which create dozens of
// orgs and invitations as one admin. The limits themselves are tested in
// test/integration/abuse-limits.test.ts, in an environment of its own with small ones.
import { abuseLimitEnvironment } from '../../shared/config.js';

const ROOMY = { hour: 10_000, day: 10_000 };

export const ROOMY_ABUSE_LIMITS: Record<string, string> = abuseLimitEnvironment({
  invitationEmailsPerInviter: ROOMY,
  invitationEmailsPerOrg: ROOMY,
  invitationEmailsPerNewOrg: ROOMY,
  orgsCreatedPerUserPerDay: 10_000,
});
