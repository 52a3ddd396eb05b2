// The pure rules of joining by domain: which domain an address is at (as the domain owner item is
// keyed), when a request counts as expired, and which workspace a joiner is granted.
import { describe, expect, it } from 'vitest';
import { emailDomain } from '../../features/domains/hostname.js';
import { verifiedDomainOf, workspaceChoices } from '../../features/joining/join-by-domain.js';
import { effectiveStatus } from '../../features/joining/join-request-entity.js';
import { defaultJoinSettings } from '../../features/joining/join-settings-entity.js';
import type { WorkspaceRecord } from '../../features/workspaces/workspace-entity.js';

const workspace = (id: string, status: WorkspaceRecord['status']): WorkspaceRecord => ({
  id,
  org_id: 'org',
  name: id,
  icon_url: null,
  status,
  created_by: 'someone',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  version: 1,
});

describe('the domain of an address', () => {
  it('is the form the domains feature keys its owner by (lowercase, IDNA, no trailing dot)', () => {
    expect(emailDomain('Carol@Acme.TEST')).toBe('acme.test');
    expect(emailDomain('ann@BÜCHER.DE.')).toBe('xn--bcher-kva.de');
    expect(emailDomain('ann@bücher.de')).toBe('xn--bcher-kva.de');
  });

  it('counts only for a verified address', () => {
    expect(verifiedDomainOf({ email: 'carol@acme.test', emailVerified: true })).toBe('acme.test');
    expect(verifiedDomainOf({ email: 'carol@acme.test', emailVerified: false })).toBe('');
  });
});

describe('a join request', () => {
  it('is expired once pending past its time, whatever it says; a closed one stays as it was closed', () => {
    const expires_at = '2026-02-01T00:00:00.000Z';
    expect(effectiveStatus({ status: 'pending', expires_at }, '2026-01-31T23:59:59.999Z')).toBe('pending');
    expect(effectiveStatus({ status: 'pending', expires_at }, expires_at)).toBe('expired');
    expect(effectiveStatus({ status: 'denied', expires_at }, '2026-03-01T00:00:00.000Z')).toBe('denied');
  });
});

describe('the workspace a joiner gets', () => {
  const settings = defaultJoinSettings('org');

  it('is the default, else the first workspace while it is active, and none for an admin', () => {
    expect(
      workspaceChoices({ ...settings, default_workspace_id: 'staging' }, { firstWorkspace: workspace('first', 'active') }, 'viewer'),
    ).toEqual(['staging', 'first']);
    expect(workspaceChoices(settings, { firstWorkspace: workspace('first', 'active') }, 'developer')).toEqual(['first']);
    expect(workspaceChoices(settings, { firstWorkspace: workspace('first', 'inactive') }, 'viewer')).toEqual([]);
    expect(workspaceChoices(settings, { firstWorkspace: workspace('first', 'active') }, 'admin')).toEqual([]);
  });
});
