// Issue 14's walkthrough, with every part real: Acme proves `acme.test` through the local DNS
// server, turns on `auto` with `staging` as the default workspace; Carol's first sign-in makes her a
// viewer of Acme with `staging` alone; she sees `prod` with access "none", asks for it, an admin
// gets the email (read from the SES server) and approves, and Carol opens `prod`.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { signUp } from '../support/api.js';
import { setTxt } from '../support/domains.js';
import { signInAs } from '../support/joining.js';
import { waitForEmail } from '../support/mail.js';

it('takes Carol from a first sign-in at a verified domain to an approved request for prod', async () => {
  const alice = await signUp('walkthrough-admin');
  const orgId: string = (await alice.api.post('/api/v1/orgs', { name: 'Acme' })).body.id;
  const staging: string = (await alice.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body.id;
  const prod: string = (await alice.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'prod' })).body.id;

  // The owner item is global: a name of this run's own, under RFC 6761's `.test`.
  const domain = `acme-${randomUUID().slice(0, 8)}.test`;
  const claim = await alice.api.post(`/api/v1/orgs/${orgId}/domains`, { domain });
  expect(claim.status).toBe(201);
  const early = await alice.api.post(`/api/v1/orgs/${orgId}/domains/${claim.body.id}/verify`);
  expect(early.body).toMatchObject({ status: 'pending', last_check: { result: 'missing' } });
  await setTxt(claim.body.verification.name, [claim.body.verification.value]);
  const verified = await alice.api.post(`/api/v1/orgs/${orgId}/domains/${claim.body.id}/verify`);
  expect(verified.body.status).toBe('verified');
  const settings = await alice.api.patch(`/api/v1/orgs/${orgId}/domain-settings`, { join_mode: 'auto', default_workspace_id: staging });
  expect(settings.status).toBe(200);

  const carol = await signInAs(`carol@${domain}`, { name: 'Carol' });
  const me = await carol.api.get('/api/v1/me');
  expect(me.body.orgs).toEqual(expect.arrayContaining([{ id: orgId, name: 'Acme', role: 'viewer' }]));
  const mine = await carol.api.get(`/api/v1/orgs/${orgId}/workspaces`);
  expect(mine.body.data.map((workspace: { id: string }) => workspace.id)).toEqual([staging]);
  const all = await carol.api.get(`/api/v1/orgs/${orgId}/workspaces?access=all`);
  const listed = Object.fromEntries(all.body.data.map((workspace: { id: string }) => [workspace.id, workspace]));
  expect(listed[staging]).toMatchObject({ access: 'member', role: 'viewer' });
  expect(listed[prod]).toMatchObject({ access: 'none', role: null });
  expect((await carol.api.get(`/api/v1/orgs/${orgId}/workspaces/${prod}`)).status).toBe(404);

  const requests = `/api/v1/orgs/${orgId}/workspaces/${prod}/access-requests`;
  const asked = await carol.api.post(requests, { message: 'For the release check' });
  expect(asked.status).toBe(201);
  const toAdmin = await waitForEmail(alice.email);
  expect(toAdmin.subject).toContain('prod');
  expect((await alice.api.post(`${requests}/${asked.body.id}/approve`, {})).status).toBe(200);

  const opened = await carol.api.get(`/api/v1/orgs/${orgId}/workspaces/${prod}`);
  expect(opened.status).toBe(200);
  expect(opened.body.role).toBe('viewer');
  expect((await waitForEmail(carol.email)).subject).toContain('approved');
});
