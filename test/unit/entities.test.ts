// Entities build the items they store and parse the items they read: a record comes back as it
// went in, without the table's key attributes, and an item that is not what its entity declares
// is refused with the attribute named, rather than travelling on as a wrongly typed record.
import { describe, expect, it } from 'vitest';
import { invitationEntity, invitationToken } from '../../features/invitations/invitation-entity.js';
import { memberEntity } from '../../features/members/member-entity.js';
import { workspaceEntity } from '../../features/workspaces/workspace-entity.js';

const member = {
  org_id: '01900000-0000-7000-8000-000000000001',
  user_id: '01900000-0000-7000-8000-000000000002',
  role: 'developer' as const,
  workspaces: { '01900000-0000-7000-8000-000000000003': 'viewer' as const },
  email: 'dev@example.com',
  name: null,
  joined_at: '2026-12-01T10:00:00.000Z',
};

describe('an entity', () => {
  it('reads back exactly the record it wrote, with no key attribute', () => {
    const item = memberEntity.item(member);
    expect(item).toMatchObject({
      pk: `ORG#${member.org_id}`,
      sk: `MEMBER#${member.user_id}`,
      gsi1pk: `USER#${member.user_id}`,
      type: 'member',
    });
    expect(memberEntity.parse(item)).toEqual(member);
  });

  it('drops attributes it does not declare, and keeps optional ones only when present', () => {
    const token = invitationToken.item({
      token_hash: 'h',
      org_id: 'o',
      invitation_id: 'i',
      email: 'a@example.com',
      role: 'viewer',
      workspaces: [],
      expires_at: '2026-12-08T10:00:00.000Z',
    });
    expect(token.expires_at_epoch).toBe(Math.floor(Date.parse('2026-12-08T10:00:00.000Z') / 1000) + 30 * 86_400);
    expect(Object.keys(invitationToken.parse(token)).sort()).toEqual([
      'email',
      'expires_at',
      'invitation_id',
      'org_id',
      'role',
      'workspaces',
    ]);
  });

  it('refuses an item whose attribute has another type, naming the attribute', () => {
    const item = { ...memberEntity.item(member), role: 'owner' };
    expect(() => memberEntity.parse(item)).toThrow(/member item.*role should be one of admin, developer, viewer/);
    const grants = { ...memberEntity.item(member), workspaces: { w: 42 } };
    expect(() => memberEntity.parse(grants)).toThrow(/workspaces\.w should be one of/);
  });

  it('refuses an item that lacks a required attribute or is another entity', () => {
    const { version: _version, ...withoutVersion } = workspaceEntity.item({
      id: 'w',
      org_id: 'o',
      name: 'staging',
      icon_url: null,
      status: 'active',
      created_by: 'u',
      created_at: 'c',
      updated_at: 'u',
      version: 1,
    });
    expect(() => workspaceEntity.parse(withoutVersion)).toThrow(/version should be a number, is undefined/);
    expect(() => invitationEntity.parse(memberEntity.item(member))).toThrow(/invitation item has the type member/);
    expect(invitationEntity.is(memberEntity.item(member))).toBe(false);
  });
});
