// The error codes the OpenAPI document lists come from the route rows, and the test run's ledger
// (test/support/error-code-ledger.ts) refuses any code a route answers without declaring it.
import { describe, expect, it } from 'vitest';
import { routeList, routes } from '../../features/routes.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import { createErrorCodeLedger, undeclaredCodes } from '../support/error-code-ledger.js';

type Responses = Record<string, { 'x-error-codes'?: Array<{ code: string }> }>;
const document = openApiDocument(routeList) as { paths: Record<string, Record<string, { responses: Responses }>> };
const codesIn = (route: { path: string; method: string }, status: number) =>
  (document.paths[route.path]![route.method.toLowerCase()]!.responses[status]?.['x-error-codes'] ?? []).map(({ code }) => code);

describe('error codes', () => {
  it("are listed in the OpenAPI document under their status, the row's and the shape's alike", () => {
    expect(codesIn(routes.createWorkspace, 409)).toEqual(
      expect.arrayContaining(['workspace_name_taken', 'workspace_limit_reached', 'idempotency_key_in_use']),
    );
    expect(codesIn(routes.acceptInvitation, 410)).toEqual(['invitation_declined', 'invitation_revoked', 'invitation_expired']);
    expect(codesIn(routes.revokeInvitation, 409)).toContain('invitation_declined');
    expect(codesIn(routes.getOrg, 400)).toEqual(['invalid_request']);
  });

  it('refuses a code a route answers without declaring it, and accepts the declared ones', () => {
    expect(
      undeclaredCodes([
        { route: 'create-workspace', status: 409, code: 'workspace_name_taken' },
        { route: 'get-org', status: 404, code: 'not_found' },
      ]),
    ).toEqual([]);
    const surprise = { route: 'get-org', status: 409, code: 'workspace_name_taken' };
    // The same code under another status is not declared either.
    const wrongStatus = { route: 'accept-invitation', status: 409, code: 'invitation_expired' };
    expect(undeclaredCodes([surprise, wrongStatus])).toEqual([surprise, wrongStatus]);
    const ledger = createErrorCodeLedger();
    ledger.record(routes.getOrg, { statusCode: 409, body: JSON.stringify({ error: { code: 'workspace_name_taken' } }) });
    expect(ledger.problem()).toMatch(/get-org: 409 workspace_name_taken/);
  });
});
