import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, takePage } from '../../shared/table/page-cursor.js';
import { idBoundAt, newId, userIdFor } from '../../shared/vocabulary/ids.js';
import { effectiveWorkspaceRole, orgRolesWith, roleGrants } from '../../shared/vocabulary/policy.js';

describe('ids', () => {
  it('are UUIDv7s that sort in creation order', async () => {
    const first = newId();
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = newId();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first < second).toBe(true);
  });

  it('give a user the same id for the same issuer and subject, and another for another issuer', () => {
    const id = userIdFor('https://issuer.example.com', 'abc');
    expect(userIdFor('https://issuer.example.com', 'abc')).toBe(id);
    expect(userIdFor('https://other.example.com', 'abc')).not.toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('cursors', () => {
  it('round-trip within their own list and are refused by any other', () => {
    const id = newId();
    const list = ['workspaces', 'org-a'];
    expect(decodeCursor(encodeCursor(id, list)!, list)).toBe(id);
    expect(() => decodeCursor(encodeCursor(id, list)!, ['workspaces', 'org-b'])).toThrow(/not valid for this list/);
    expect(() => decodeCursor(encodeCursor(id, list)!, ['orgs', 'org-a'])).toThrow(/not valid for this list/);
    for (const bad of [
      '',
      'abc',
      'a.b.c',
      Buffer.from('{"after":"ORG#x"}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad, list), bad).toThrow(/cursor/);
    }
  });

  it('refuse a cursor whose position or signature was edited, or one signed by another deployment', () => {
    const list = ['members', 'org-a'];
    const cursor = encodeCursor(newId(), list)!;
    const [position, signature] = cursor.split('.') as [string, string];
    const otherPosition = Buffer.from(newId()).toString('base64url');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    for (const forged of [`${otherPosition}.${signature}`, `${position}.${flipped}`, `${position}.`, position]) {
      expect(() => decodeCursor(forged, list), forged).toThrow(/not valid for this list/);
    }
  });

  it('are only handed out when another page exists', () => {
    expect(takePage([1, 2, 3], 3, undefined, String).lastId).toBeUndefined();
    expect(takePage([1, 2, 3, 4], 3, undefined, String)).toEqual({ page: [1, 2, 3], lastId: '3' });
    // DynamoDB stopped early (1 MB, or a filter dropped items): continue after the last item it looked at.
    expect(takePage([1, 2], 3, '5', String).lastId).toBe('5');
    expect(takePage([], 3, '7', String)).toEqual({ page: [], lastId: '7' });
  });
});

describe('the role policy', () => {
  it('gives admins everything, developers creation, viewers reading only', () => {
    expect(orgRolesWith('org:update')).toEqual(['admin']);
    expect(orgRolesWith('workspace:create')).toEqual(['admin', 'developer']);
    expect(orgRolesWith('workspace:read')).toEqual(['admin', 'developer', 'viewer']);
    expect(roleGrants('viewer', 'workspace:create')).toBe(false);
    expect(roleGrants(undefined, 'org:read')).toBe(false);
  });

  it('makes org admins admins of every workspace', () => {
    expect(effectiveWorkspaceRole('admin', undefined)).toBe('admin');
    expect(effectiveWorkspaceRole('admin', 'viewer')).toBe('admin');
    expect(effectiveWorkspaceRole('developer', undefined)).toBeUndefined();
    expect(effectiveWorkspaceRole('viewer', 'admin')).toBe('admin');
  });
});

describe('UUIDv7 order within a millisecond', () => {
  it('mints ids that sort in the order they were minted, even in one millisecond', () => {
    const at = Date.now();
    const ids = Array.from({ length: 500 }, () => newId(at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('bounds every id of a millisecond between its first and last possible id', () => {
    const at = Date.parse('2026-12-01T12:00:00.000Z');
    for (const id of [newId(at), newId(at), newId(at)]) {
      expect(id > idBoundAt(at, 'first') && id < idBoundAt(at, 'last')).toBe(true);
      expect(id > idBoundAt(at - 1, 'last') && id < idBoundAt(at + 1, 'first')).toBe(true);
    }
  });
});
