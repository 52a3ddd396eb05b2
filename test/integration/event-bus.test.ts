// Delivering audit events (issue 12, "Delivering it → AWS"): publish-events reads the table's
// stream and puts each event on the bus; the local runtime's bus is in process, and
// GET /local/event-bus shows what a deployment's EventBridge rules would get.
import { describe, expect, it } from 'vitest';
import { call, signUp } from '../support/api.js';

interface DeliveredEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  time: string;
  detail: {
    id: string;
    schema_version: number;
    org_id: string;
    workspace_id?: string;
    action: string;
    actor: { type: string; id: string; email?: string; name?: string };
    targets: { type: string; id: string; name?: string }[];
    changes?: Record<string, { from: unknown; to: unknown }>;
  };
}

/** The local bus's latest events, newest first (as many as it keeps, since other test files publish too). */
const busEvents = async () => {
  const response = await call<{ data: DeliveredEvent[] }>('GET', '/local/event-bus?limit=1000');
  expect(response.status).toBe(200);
  return response.body.data;
};

describe('events on the bus', () => {
  it("shows an admin's workspace rename within a couple of seconds: who, which workspace, from what to what", async () => {
    const admin = await signUp('admin');
    const orgId = (await admin.api.post('/api/v1/orgs', { name: 'Eventful' })).body.id;
    const workspace = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'staging' })).body;
    const renamed = await admin.api.patch(`/api/v1/orgs/${orgId}/workspaces/${workspace.id}`, { name: 'production' });
    expect(renamed.status).toBe(200);

    const renameOnTheBus = async () =>
      (await busEvents()).find((event) => event['detail-type'] === 'workspace.updated' && event.detail.workspace_id === workspace.id);
    await expect.poll(renameOnTheBus, { timeout: 3_000, interval: 100 }).toBeDefined();

    const event = (await renameOnTheBus())!;
    expect(event).toMatchObject({ version: '0', source: 'orgspace', 'detail-type': 'workspace.updated' });
    expect(Date.parse(event.time)).not.toBeNaN();
    expect(event.detail).toMatchObject({
      schema_version: 1,
      org_id: orgId,
      action: 'workspace.updated',
      actor: { type: 'user', id: admin.id, email: admin.email, name: admin.name },
      targets: [{ type: 'workspace', id: workspace.id, name: 'production' }],
      changes: { name: { from: 'staging', to: 'production' } },
    });
    // The event as the API shows it: nothing only the table needs.
    expect(event.detail).not.toHaveProperty('retention_days');
    expect(event.detail).not.toHaveProperty('pk');
  });

  it('puts each change on the bus once, newest first, and a refused change not at all', async () => {
    const admin = await signUp('admin');
    const orgId = (await admin.api.post('/api/v1/orgs', { name: 'Ordered' })).body.id;
    const workspace = (await admin.api.post(`/api/v1/orgs/${orgId}/workspaces`, { name: 'one' })).body;
    for (const name of ['two', 'three'])
      expect((await admin.api.patch(`/api/v1/orgs/${orgId}/workspaces/${workspace.id}`, { name })).status).toBe(200);
    const outsider = await signUp('outsider');
    expect((await outsider.api.patch(`/api/v1/orgs/${orgId}/workspaces/${workspace.id}`, { name: 'theirs' })).status).toBe(404);

    const renamesOf = async () =>
      (await busEvents())
        .filter((event) => event['detail-type'] === 'workspace.updated' && event.detail.workspace_id === workspace.id)
        .map((event) => event.detail.changes?.name?.to);
    await expect.poll(renamesOf, { timeout: 3_000, interval: 100 }).toEqual(['three', 'two']);
    const orgEvents = (await busEvents()).filter((event) => event.detail.org_id === orgId).map((event) => event['detail-type']);
    expect(orgEvents).toEqual(expect.arrayContaining(['organization.created', 'workspace.created']));
  });

  it('answers 400 to a limit it cannot serve', async () => {
    for (const limit of ['0', '1001', 'ten']) {
      const response = await call('GET', `/local/event-bus?limit=${limit}`);
      expect(response.status, limit).toBe(400);
      expect(response.body.error.code, limit).toBe('invalid_request');
    }
  });
});
