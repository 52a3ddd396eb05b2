// Writing a webhook endpoint. Every change an admin makes is conditioned on the version it read,
// so nothing the sender's disabling wrote in between is lost. The sender's own bookkeeping
// (failing_since) is left alone, except by turning an endpoint on again, which ends its streak.
import { conditions, type Expression, steps } from '../../shared/table/steps.js';
import { type WebhookRecord, webhookEntity } from './webhook-entity.js';

const atVersion = (version: number): Expression => ({ expression: 'version = :readVersion', values: { ':readVersion': version } });

export const create = (webhook: WebhookRecord) => steps.put('new_item', webhookEntity.item(webhook), { condition: conditions.isNew });

/** The fields an admin changes, written over the version that was read; turning it back on forgets why it was off. */
export const replace = (current: WebhookRecord, next: WebhookRecord) => {
  const reenabled = next.enabled && !current.enabled;
  return steps.update(
    'webhook',
    webhookEntity.key(current),
    {
      expression: `SET #url = :url, events = :events, description = :description, enabled = :enabled, disabled_reason = :reason, updated_at = :updatedAt, version = :nextVersion${reenabled ? ' REMOVE failing_since' : ''}`,
      names: { '#url': 'url' },
      values: {
        ':url': next.url,
        ':events': next.events,
        ':description': next.description,
        ':enabled': next.enabled,
        ':reason': next.disabled_reason,
        ':updatedAt': next.updated_at,
        ':nextVersion': next.version,
      },
    },
    { condition: atVersion(current.version) },
  );
};

/** A new signing secret; the one it replaces keeps signing beside it until `previousExpiresAt`. */
export const rotateSecret = (current: WebhookRecord, secret: string, previousExpiresAt: string, updatedAt: string) =>
  steps.update(
    'webhook',
    webhookEntity.key(current),
    {
      expression:
        'SET signing_secret = :secret, previous_signing_secret = :previous, previous_secret_expires_at = :expiresAt, updated_at = :updatedAt, version = :nextVersion',
      values: {
        ':secret': secret,
        ':previous': current.signing_secret,
        ':expiresAt': previousExpiresAt,
        ':updatedAt': updatedAt,
        ':nextVersion': current.version + 1,
      },
    },
    { condition: atVersion(current.version) },
  );

export const remove = (current: WebhookRecord) =>
  steps.delete('webhook', webhookEntity.key(current), { condition: atVersion(current.version) });

/** Turned off by the sender (410 Gone, or failing for too long), unless it is off already. */
export const disable = (current: WebhookRecord, reason: WebhookRecord['disabled_reason'], updatedAt: string) =>
  steps.update(
    'webhook',
    webhookEntity.key(current),
    {
      expression: 'SET enabled = :off, disabled_reason = :reason, updated_at = :updatedAt ADD version :one',
      values: { ':off': false, ':reason': reason, ':updatedAt': updatedAt, ':one': 1 },
    },
    { condition: { expression: 'enabled = :on', values: { ':on': true } } },
  );

/** The endpoint exists and is enabled (a replayed delivery goes nowhere otherwise). */
export const isEnabled = (orgId: string, webhookId: string) =>
  steps.check('webhook', webhookEntity.key({ org_id: orgId, id: webhookId }), {
    expression: 'enabled = :on',
    values: { ':on': true },
  });
