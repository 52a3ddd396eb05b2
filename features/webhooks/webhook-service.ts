// Org admins' webhook endpoints and their delivery logs. Every change is one transaction that
// re-checks the caller's role and records its event; the signing secret is returned by create and
// rotate-secret only, and is in no event, log line or error.
import { webhookConfig } from '../../shared/config.js';
import type { PageQuery } from '../../shared/http/schemas.js';
import { decodeCursor, encodeCursor } from '../../shared/table/page-cursor.js';
import { AppError, ConflictError, NotFoundError } from '../../shared/vocabulary/errors.js';
import { newId, nowIso } from '../../shared/vocabulary/ids.js';
import { orgRolesWith } from '../../shared/vocabulary/policy.js';
import { type Principal, requireUser } from '../../shared/vocabulary/principal.js';
import { auditEvent, changesBetween } from '../audit/audit-event.js';
import { membershipFailure, requireOrgPermission } from '../members/access.js';
import { getMembership } from '../members/membership-read.js';
import { webhookErrors } from './errors.js';
import type { CreateWebhookInput, Delivery, UpdateWebhookInput, Webhook, WebhookWithSecret } from './schemas.js';
import type { DeliveryRecord } from './webhook-delivery-entity.js';
import type { WebhookRecord } from './webhook-entity.js';
import { deliveryTarget, urlForEvents, webhookTarget } from './webhook-events.js';
import { newSigningSecret, ROTATION_GRACE_MS } from './webhook-secret.js';
import * as webhooks from './webhook-store.js';
import { checkWebhookUrl } from './webhook-url.js';

const WEBHOOK_NOT_FOUND = 'Webhook';
const DELIVERY_NOT_FOUND = 'Delivery';
const PERMISSION = 'webhook:manage';
const managers = () => orgRolesWith(PERMISSION);

const concurrentChange = () =>
  new ConflictError('concurrent_modification', 'The webhook endpoint was changed at the same time. Read it again and retry.');

export function toWebhook(record: WebhookRecord, now = Date.now()): Webhook {
  const { id, org_id, url, events, description, enabled, disabled_reason, created_by, created_at, updated_at } = record;
  const graceUntil = record.previous_secret_expires_at;
  return {
    id,
    org_id,
    url,
    events,
    description,
    enabled,
    disabled_reason,
    failing_since: record.failing_since ?? null,
    previous_secret_expires_at: graceUntil && Date.parse(graceUntil) > now ? graceUntil : null,
    created_by,
    created_at,
    updated_at,
  };
}

export function toDelivery(record: DeliveryRecord): Delivery {
  const { id, webhook_id, event_id, action, status, attempts, last_response_code, last_duration_ms, last_error } = record;
  return {
    id,
    webhook_id,
    event_id,
    action,
    status,
    attempts,
    last_response_code,
    last_duration_ms,
    last_error,
    next_attempt_at: status === 'pending' ? record.next_attempt_at : null,
    last_attempt_at: record.last_attempt_at,
    created_at: record.created_at,
  };
}

/**
 * The URL as it will be stored, or its 400. Only for an admin of the org: anyone else gets the
 * answer their role gets, so that nobody outside can use the check to learn where a name resolves.
 */
async function checkedUrl(principal: Principal, orgId: string, url: string): Promise<string> {
  try {
    return await checkWebhookUrl(url);
  } catch (error) {
    if (error instanceof AppError && error.code === webhookErrors.urlNotAllowed.code)
      requireOrgPermission(await getMembership(orgId, requireUser(principal).userId), PERMISSION);
    throw error;
  }
}

export async function createWebhook(principal: Principal, orgId: string, input: CreateWebhookInput): Promise<WebhookWithSecret> {
  const user = requireUser(principal);
  const url = await checkedUrl(principal, orgId, input.url);
  const now = nowIso();
  const record: WebhookRecord = {
    id: newId(),
    org_id: orgId,
    url,
    events: input.events,
    description: input.description ?? null,
    enabled: true,
    disabled_reason: null,
    signing_secret: newSigningSecret(),
    created_by: user.userId,
    created_at: now,
    updated_at: now,
    version: 1,
  };
  const event = auditEvent(principal, {
    action: 'webhook.created',
    orgId,
    targets: [webhookTarget(record)],
    changes: {
      url: { from: null, to: urlForEvents(record.url) },
      events: { from: null, to: record.events },
      ...(record.description ? { description: { from: null, to: record.description } } : {}),
    },
    at: now,
  });
  const limit = webhookConfig().limitPerOrg;
  await webhooks.createWebhook(record, managers(), limit, [event], (failure) => {
    switch (failure.label) {
      case 'actor':
        return membershipFailure(failure);
      case 'webhook_limit':
        return new ConflictError(
          webhookErrors.limitReached.code,
          `This organization already has the maximum of ${limit} webhook endpoints. Delete one first.`,
        );
      case 'new_item':
        return new Error('A freshly generated webhook id collided');
    }
  });
  return { ...toWebhook(record), secret: record.signing_secret };
}

export async function listWebhooks(principal: Principal, orgId: string, page: PageQuery) {
  const scope = ['webhooks', orgId];
  const result = await webhooks.listWebhooksWithMembership(
    orgId,
    requireUser(principal).userId,
    page.limit,
    decodeCursor(page.cursor, scope),
  );
  requireOrgPermission(result.member, PERMISSION);
  const now = Date.now();
  return { data: result.webhooks.map((webhook) => toWebhook(webhook, now)), next_cursor: encodeCursor(result.lastWebhookId, scope) };
}

async function readWebhook(principal: Principal, orgId: string, webhookId: string) {
  const user = requireUser(principal);
  const { member, webhook } = await webhooks.getWebhookAndMembership(orgId, webhookId, user.userId);
  requireOrgPermission(member, PERMISSION);
  if (!webhook) throw new NotFoundError(WEBHOOK_NOT_FOUND);
  return { user, webhook };
}

export async function getWebhook(principal: Principal, orgId: string, webhookId: string): Promise<Webhook> {
  return toWebhook((await readWebhook(principal, orgId, webhookId)).webhook);
}

/** For a change conditioned on the version read: gone is 404, changed meanwhile is 409. */
const explainChange = (failure: { label: string; item: Record<string, unknown> | undefined }) =>
  failure.label === 'actor' ? membershipFailure(failure) : failure.item ? concurrentChange() : new NotFoundError(WEBHOOK_NOT_FOUND);

export async function updateWebhook(principal: Principal, orgId: string, webhookId: string, input: UpdateWebhookInput): Promise<Webhook> {
  const { user, webhook } = await readWebhook(principal, orgId, webhookId);
  const url = input.url === undefined ? webhook.url : await checkWebhookUrl(input.url);
  const enabled = input.enabled ?? webhook.enabled;
  const next: WebhookRecord = {
    ...webhook,
    url,
    events: input.events ?? webhook.events,
    description: input.description === undefined ? webhook.description : input.description,
    enabled,
    // Why the system turned it off stays until it is turned on again; an admin's own "off" needs no reason.
    disabled_reason: enabled || webhook.enabled ? null : webhook.disabled_reason,
  };
  const changes = changesBetween(webhook, next, ['url', 'events', 'description', 'enabled']);
  if (changes.url) changes.url = { from: urlForEvents(webhook.url), to: urlForEvents(next.url) };
  // Nothing to change: a write would only move updated_at.
  if (Object.keys(changes).length === 0) return toWebhook(webhook);
  next.updated_at = nowIso();
  next.version = webhook.version + 1;
  if (next.enabled && !webhook.enabled) delete next.failing_since;
  const event = auditEvent(principal, { action: 'webhook.updated', orgId, targets: [webhookTarget(next)], changes, at: next.updated_at });
  await webhooks.replaceWebhook(webhook, next, user.userId, managers(), [event], explainChange);
  return toWebhook(next);
}

export async function deleteWebhook(principal: Principal, orgId: string, webhookId: string): Promise<void> {
  const { user, webhook } = await readWebhook(principal, orgId, webhookId);
  const event = auditEvent(principal, { action: 'webhook.deleted', orgId, targets: [webhookTarget(webhook)] });
  await webhooks.deleteWebhook(webhook, user.userId, managers(), [event], (failure) =>
    failure.label === 'org' ? new Error("The org's webhook count was already 0") : explainChange(failure),
  );
}

export async function rotateWebhookSecret(principal: Principal, orgId: string, webhookId: string): Promise<WebhookWithSecret> {
  const { user, webhook } = await readWebhook(principal, orgId, webhookId);
  const updatedAt = nowIso();
  const secret = newSigningSecret();
  const previousExpiresAt = new Date(Date.parse(updatedAt) + ROTATION_GRACE_MS).toISOString();
  const event = auditEvent(principal, {
    action: 'webhook.secret_rotated',
    orgId,
    targets: [webhookTarget(webhook)],
    changes: { previous_secret_expires_at: { from: toWebhook(webhook).previous_secret_expires_at, to: previousExpiresAt } },
    at: updatedAt,
  });
  await webhooks.rotateSecret(webhook, secret, previousExpiresAt, updatedAt, user.userId, managers(), [event], explainChange);
  const next: WebhookRecord = {
    ...webhook,
    signing_secret: secret,
    previous_signing_secret: webhook.signing_secret,
    previous_secret_expires_at: previousExpiresAt,
    updated_at: updatedAt,
    version: webhook.version + 1,
  };
  return { ...toWebhook(next), secret };
}

export async function listWebhookDeliveries(principal: Principal, orgId: string, webhookId: string, page: PageQuery) {
  const scope = ['webhook-deliveries', orgId, webhookId];
  const result = await webhooks.listDeliveriesWithContext(
    orgId,
    webhookId,
    requireUser(principal).userId,
    page.limit,
    decodeCursor(page.cursor, scope),
  );
  requireOrgPermission(result.member, PERMISSION);
  if (!result.webhook) throw new NotFoundError(WEBHOOK_NOT_FOUND);
  return { data: result.deliveries.map(toDelivery), next_cursor: encodeCursor(result.lastDeliveryId, scope) };
}

const webhookDisabled = () =>
  new ConflictError(webhookErrors.disabled.code, 'The webhook endpoint is disabled, so nothing is delivered to it. Enable it first.');
const deliveryInProgress = () =>
  new ConflictError(webhookErrors.deliveryInProgress.code, 'An attempt of this delivery is under way. Retry once it has finished.');

/** Makes the delivery due now; the sender attempts it as soon as it sees the retry's event (and the retry pass otherwise). */
export async function retryWebhookDelivery(principal: Principal, orgId: string, webhookId: string, deliveryId: string): Promise<Delivery> {
  const user = requireUser(principal);
  const { member, webhook, delivery } = await webhooks.getDeliveryAndMembership(orgId, webhookId, deliveryId, user.userId);
  requireOrgPermission(member, PERMISSION);
  if (!webhook) throw new NotFoundError(WEBHOOK_NOT_FOUND);
  if (!delivery) throw new NotFoundError(DELIVERY_NOT_FOUND);
  if (!webhook.enabled) throw webhookDisabled();
  const now = nowIso();
  if (delivery.lease_until && delivery.lease_until >= now) throw deliveryInProgress();
  const event = auditEvent(principal, {
    action: 'webhook.delivery_retried',
    orgId,
    targets: [webhookTarget(webhook), deliveryTarget(delivery)],
    changes: { status: { from: delivery.status, to: 'pending' } },
    at: now,
  });
  await webhooks.replayDelivery(delivery, now, user.userId, managers(), [event], (failure) => {
    switch (failure.label) {
      case 'actor':
        return membershipFailure(failure);
      case 'webhook':
        return failure.item ? webhookDisabled() : new NotFoundError(WEBHOOK_NOT_FOUND);
      case 'delivery':
        return failure.item ? deliveryInProgress() : new NotFoundError(DELIVERY_NOT_FOUND);
    }
  });
  return toDelivery({ ...delivery, status: 'pending', next_attempt_at: now });
}
