// The local API picks a route-table row as API Gateway does: by method and path, with the path
// parameters decoded, and answers by itself when nothing matches or a parameter cannot be decoded.
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../infra/local/route-matcher.js';

describe('matching a request to a route-table row', () => {
  it('finds the row for the method and path, with decoded path parameters', () => {
    const match = matchRoute('GET', '/api/v1/orgs/org%201/workspaces/ws_2');
    expect(match).toMatchObject({ route: { name: 'get-workspace' }, pathParameters: { orgId: 'org 1', workspaceId: 'ws_2' } });
    expect(matchRoute('DELETE', '/api/v1/orgs/o/workspaces/w')).toMatchObject({ route: { name: 'delete-workspace' } });
    expect(matchRoute('GET', '/api/v1/me')).toEqual({ route: expect.objectContaining({ name: 'get-me' }), pathParameters: undefined });
  });

  it('prefers a literal segment to a parameter', () => {
    expect(matchRoute('GET', '/api/v1/me/invitations')).toMatchObject({ route: { name: 'list-my-invitations' } });
  });

  it('is not_found for an unknown path or a method the path does not have, bad_request for broken percent-encoding', () => {
    expect(matchRoute('GET', '/api/v1/nothing-here')).toBe('not_found');
    expect(matchRoute('PUT', '/api/v1/orgs/o')).toBe('not_found');
    expect(matchRoute('GET', '/api/v1/orgs/%E0%A4%A')).toBe('bad_request');
  });
});
