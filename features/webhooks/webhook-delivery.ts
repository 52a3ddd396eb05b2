// Delivering events to webhook endpoints. The stream consumer fans each new audit event out to
// the org's matching endpoints (one delivery item each, written before the event counts as done)
// and attempts them at once; the retry pass attempts whatever is due again, on the schedule
// (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h by default), after which a delivery has
// failed. An endpoint that answers 410 Gone, or has had no success for 5 days, is turned off, with
// a `webhook.disabled` event by the system and an email to the org's admins.

import { webhookConfig } from '../../shared/config.js';
import { sendEmail } from '../../shared/mail/ses-client.js';
import { log } from '../../shared/observability/log.js';
import { businessMetrics } from '../../shared/observability/metrics.js';
import { nowIso } from '../../shared/vocabulary/ids.js';
import type { SystemPrincipal } from '../../shared/vocabulary/principal.js';
import { auditEvent } from '../audit/audit-event.js';
import type { AuditEventRecord } from '../audit/audit-event-entity.js';
import { matchesEventPatterns } from './event-patterns.js';
import { type DeliveryRecord, deliveryIdFor } from './webhook-delivery-entity.js';
import type { DeliveryKey } from './webhook-delivery-store.js';
import * as deliveries from './webhook-delivery-store.js';
import { renderDisabledEmail } from './webhook-disabled-email.js';
import { type DisabledReason, signingSecrets, type WebhookRecord } from './webhook-entity.js';
import { retriedDelivery, webhookTarget } from './webhook-events.js';
import { deliveryBody } from './webhook-payload.js';
import { type AttemptResult, sendSignedRequest } from './webhook-request.js';

/** An endpoint without a success for this long is turned off. */
export const FAILING_DAYS_BEFORE_DISABLED = 5;
const FAILING_MS_BEFORE_DISABLED = FAILING_DAYS_BEFORE_DISABLED * 86_400_000;
/** Longer than an attempt can take (the receiver's time, the lookup, the writes); a crashed sender's delivery is retried after it. */
const leaseMs = () => webhookConfig().timeoutMs + 45_000;
/** Attempts a sender makes at once. */
const PARALLEL_ATTEMPTS = 20;

export type AttemptOutcome = 'succeeded' | 'failed' | 'retry_scheduled' | 'skipped';

/**
 * Writes one delivery per enabled endpoint of the event's org that subscribes to its action (and
 * existed when it happened), and
 * returns what to attempt now: those deliveries (a replayed record finds them written already and
 * attempts only what is still due), and the delivery an admin's replay names.
 */
export async function fanOut(event: AuditEventRecord): Promise<DeliveryKey[]> {
  const now = nowIso();
  // An endpoint gets what happens from its registration on, even when the stream hands over an
  // older event after it (a stream that is behind, a retried batch).
  const endpoints = (await deliveries.endpointsOf(event.org_id)).filter(
    (endpoint) => endpoint.enabled && endpoint.created_at <= event.occurred_at && matchesEventPatterns(endpoint.events, event.action),
  );
  const body = deliveryBody(event);
  const made = await Promise.all(
    endpoints.map(async (endpoint): Promise<DeliveryKey> => {
      const delivery: DeliveryRecord = {
        id: deliveryIdFor(event.id, endpoint.id),
        org_id: event.org_id,
        webhook_id: endpoint.id,
        event_id: event.id,
        action: event.action,
        body,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        last_attempt_at: null,
        last_response_code: null,
        last_duration_ms: null,
        last_error: null,
        created_at: now,
      };
      await deliveries.queue(delivery);
      return delivery;
    }),
  );
  const retried = event.action === 'webhook.delivery_retried' ? retriedDelivery(event.targets) : undefined;
  return retried ? [...made, { org_id: event.org_id, webhook_id: retried.webhookId, id: retried.deliveryId }] : made;
}

/** One attempt of a delivery, if it is due and no other sender holds it; its outcome is recorded under the lease. */
export async function attemptDelivery(key: DeliveryKey, job: SystemPrincipal): Promise<AttemptOutcome> {
  const now = nowIso();
  const leased = await deliveries.claim(key, now, new Date(Date.parse(now) + leaseMs()).toISOString());
  if (!leased) return 'skipped';
  const endpoint = await deliveries.getEndpoint(leased.org_id, leased.webhook_id);
  if (!endpoint?.enabled) {
    const error = endpoint ? 'the endpoint is turned off' : 'the endpoint was deleted';
    await deliveries.end(leased, 'failed', { status: null, durationMs: 0, error });
    return 'failed';
  }
  const result = await sendSignedRequest({
    url: endpoint.url,
    messageId: leased.id,
    body: leased.body,
    secrets: signingSecrets(endpoint, Date.now()),
  });
  const fields = { delivery_id: leased.id, webhook_id: leased.webhook_id, attempt: leased.attempts, status: result.status };
  if (result.status !== null && result.status >= 200 && result.status < 300) {
    await deliveries.end(leased, 'succeeded', result);
    await deliveries.noteSuccess(endpoint);
    log(
      'info',
      'webhook_delivered',
      { ...fields, duration_ms: result.durationMs },
      `webhook → ${leased.webhook_id} answered ${result.status} in ${result.durationMs} ms`,
    );
    return 'succeeded';
  }
  log('warn', 'webhook_attempt_failed', { ...fields, error: result.error, duration_ms: result.durationMs });
  if (result.status === 410) return endFailedAndDisable(leased, result, endpoint, 'gone', job);
  const failingSince = await deliveries.noteFailure(endpoint, now);
  if (Date.now() - Date.parse(failingSince) >= FAILING_MS_BEFORE_DISABLED)
    return endFailedAndDisable(leased, result, endpoint, 'failing', job);
  const schedule = webhookConfig().retryScheduleSeconds;
  if (leased.replay || leased.attempts >= schedule.length) {
    await deliveries.end(leased, 'failed', result);
    log('warn', 'webhook_delivery_failed', { ...fields, error: result.error, ...businessMetrics({ webhook_deliveries_failed: 1 }) });
    return 'failed';
  }
  const nextAttemptAt = new Date(Date.now() + schedule[leased.attempts]! * 1000).toISOString();
  await deliveries.scheduleRetry(leased, nextAttemptAt, result);
  return 'retry_scheduled';
}

async function endFailedAndDisable(
  leased: DeliveryRecord,
  result: AttemptResult,
  endpoint: WebhookRecord,
  reason: DisabledReason,
  job: SystemPrincipal,
): Promise<AttemptOutcome> {
  await deliveries.end(leased, 'failed', result);
  log('warn', 'webhook_delivery_failed', {
    delivery_id: leased.id,
    webhook_id: leased.webhook_id,
    attempt: leased.attempts,
    status: result.status,
    error: result.error,
    endpoint_disabled: reason,
    ...businessMetrics({ webhook_deliveries_failed: 1 }),
  });
  await disableEndpoint(endpoint, reason, job);
  return 'failed';
}

/** Turns the endpoint off (once: a second sender finds it off already) and tells the org's admins. */
async function disableEndpoint(endpoint: WebhookRecord, reason: DisabledReason, job: SystemPrincipal): Promise<void> {
  const now = nowIso();
  const event = auditEvent(job, {
    action: 'webhook.disabled',
    orgId: endpoint.org_id,
    targets: [webhookTarget(endpoint)],
    changes: { enabled: { from: true, to: false }, disabled_reason: { from: null, to: reason } },
    source: 'system',
    at: now,
  });
  if (!(await deliveries.disable(endpoint, reason, now, event))) return;
  log('warn', 'webhook_disabled', { webhook_id: endpoint.id, org_id: endpoint.org_id, reason });
  // The endpoint is off either way; an email that cannot be sent now is logged, not retried.
  try {
    const { orgName, admins } = await deliveries.orgAndAdmins(endpoint.org_id);
    for (const to of admins) {
      await sendEmail(renderDisabledEmail({ to, orgName, orgId: endpoint.org_id, webhook: endpoint, reason }));
    }
  } catch (error) {
    log('error', 'webhook_disabled_email_failed', {
      webhook_id: endpoint.id,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}

/** Runs `attempt` over the keys, at most PARALLEL_ATTEMPTS at a time; an attempt that throws is logged (its lease runs out, and the retry pass takes it). */
export async function attemptAll(keys: readonly DeliveryKey[], job: SystemPrincipal): Promise<Record<AttemptOutcome | 'errors', number>> {
  const counts: Record<AttemptOutcome | 'errors', number> = { succeeded: 0, failed: 0, retry_scheduled: 0, skipped: 0, errors: 0 };
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      try {
        counts[await attemptDelivery(key, job)]++;
      } catch (error) {
        counts.errors++;
        log('error', 'webhook_attempt_error', {
          delivery_id: key.id,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_ATTEMPTS, keys.length) }, worker));
  return counts;
}

/** One pass over the due queue; each delivery is claimed before it is attempted, so passes may overlap safely. */
export async function retryDueDeliveries(job: SystemPrincipal, limit = 40) {
  return attemptAll(await deliveries.listDue(nowIso(), limit), job);
}
