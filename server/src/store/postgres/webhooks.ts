import { NotFoundError } from '../../errors.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord, WebhookEventRecord, WebhookStore } from '../types.ts';
import { eventsColumn, eventsFromColumn } from '../webhook-columns.ts';
import { affected, type Executor } from './database.ts';
import { bytes, iso, isoOrNull, numOrNull, setClause } from './values.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

const endpointFromRow = (r: Row): WebhookEndpointRecord => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  url: String(r.url),
  description: str(r.description),
  events: eventsFromColumn(String(r.events)),
  enabled: r.enabled === true,
  disabledReason: str(r.disabled_reason),
  secretCt: bytes(r.secret_ct),
  keyVersion: Number(r.key_version),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const eventFromRow = (r: Row): WebhookEventRecord => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  type: String(r.type),
  payload: String(r.payload),
  createdAt: iso(r.created_at),
});

const deliveryFromRow = (r: Row): WebhookDeliveryRecord => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  eventId: String(r.event_id),
  endpointId: String(r.endpoint_id),
  status: r.status as WebhookDeliveryRecord['status'],
  attempts: Number(r.attempts),
  nextAttemptAt: isoOrNull(r.next_attempt_at),
  leaseToken: str(r.lease_token),
  leaseUntil: isoOrNull(r.lease_until),
  lastResponseStatus: numOrNull(r.last_response_status),
  lastError: str(r.last_error),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const attemptFromRow = (r: Row): WebhookAttemptRecord => ({
  merchantId: String(r.merchant_id),
  deliveryId: String(r.delivery_id),
  attempt: Number(r.attempt),
  at: iso(r.at),
  responseStatus: numOrNull(r.response_status),
  durationMs: Number(r.duration_ms),
  responseBody: str(r.response_body),
  error: str(r.error),
});

const ENDPOINT_COLUMNS: Record<string, string> = {
  url: 'url',
  description: 'description',
  events: 'events',
  enabled: 'enabled',
  disabledReason: 'disabled_reason',
  secretCt: 'secret_ct',
  keyVersion: 'key_version',
  updatedAt: 'updated_at',
};
const encodeEndpoint = (field: string, value: unknown) => (field === 'events' ? eventsColumn(value as string[]) : (value ?? null));

/** Pending deliveries, due at $3, of event `ev` to its merchant's enabled endpoints that take its type. */
const fanOut = (ev: string) => `INSERT INTO webhook_deliveries (merchant_id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at, updated_at)
  SELECT e.merchant_id, ev.id, e.id, 'pending', 0, $3, $3, $3
  FROM ${ev} ev JOIN webhook_endpoints e ON e.merchant_id = ev.merchant_id
  WHERE e.enabled AND (e.events = '' OR strpos(e.events, ',' || ev.type || ',') > 0)`;

export function postgresWebhooks(x: Executor): WebhookStore {
  return {
    insertEndpoint: async (e) => {
      await x.guarded(
        `INSERT INTO webhook_endpoints (merchant_id, id, url, description, events, enabled, disabled_reason, secret_ct, key_version, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [e.merchantId, e.id, e.url, e.description, eventsColumn(e.events), e.enabled, e.disabledReason, e.secretCt, e.keyVersion, e.createdAt, e.updatedAt],
        'conflict',
        'A webhook endpoint with this id already exists.',
      );
    },
    getEndpoint: async (merchantId, id) => {
      const [row] = await x.query<Row>('SELECT * FROM webhook_endpoints WHERE merchant_id = $1 AND id = $2', [merchantId, id]);
      return row ? endpointFromRow(row) : null;
    },
    listEndpoints: async (merchantId) => (await x.query<Row>('SELECT * FROM webhook_endpoints WHERE merchant_id = $1 ORDER BY created_at, id', [merchantId])).map(endpointFromRow),
    updateEndpoint: async (merchantId, id, patch) => {
      const { sets, values, empty } = setClause(patch, ENDPOINT_COLUMNS, encodeEndpoint, 3);
      const [row] = empty
        ? await x.query<Row>('SELECT * FROM webhook_endpoints WHERE merchant_id = $1 AND id = $2', [merchantId, id])
        : await x.query<Row>(`UPDATE webhook_endpoints SET ${sets} WHERE merchant_id = $1 AND id = $2 RETURNING *`, [merchantId, id, ...values]);
      if (!row) throw new NotFoundError('Webhook endpoint');
      return endpointFromRow(row);
    },
    deleteEndpoint: async (merchantId, id) => {
      if ((await affected(x, 'DELETE FROM webhook_endpoints WHERE merchant_id = $1 AND id = $2', [merchantId, id])) === 0) throw new NotFoundError('Webhook endpoint');
    },
    appendEvent: async (event) => {
      // One statement: the event and its deliveries; none of either when the id is taken (no error, so no savepoint).
      const [row] = await x.query<{ n: number }>(
        `WITH ev AS (INSERT INTO webhook_events (merchant_id, id, type, payload, created_at) VALUES ($1, $2, $4, $5, $3) ON CONFLICT DO NOTHING RETURNING merchant_id, id, type),
              d AS (${fanOut('ev')})
         SELECT count(*)::int AS n FROM ev`,
        [event.merchantId, event.id, event.createdAt, event.type, event.payload],
      );
      return row?.n === 1;
    },
    enqueueDeliveries: (merchantId, eventId, dueAt, endpointId) =>
      endpointId === undefined
        ? affected(x, `${fanOut('webhook_events')} AND ev.merchant_id = $1 AND ev.id = $2`, [merchantId, eventId, dueAt])
        : affected(x, `${fanOut('webhook_events')} AND ev.merchant_id = $1 AND ev.id = $2 AND e.id = $4`, [merchantId, eventId, dueAt, endpointId]),
    getEvent: async (merchantId, id) => {
      const [row] = await x.query<Row>('SELECT * FROM webhook_events WHERE merchant_id = $1 AND id = $2', [merchantId, id]);
      return row ? eventFromRow(row) : null;
    },
    listEvents: async (merchantId, page, filter = {}) => {
      const after = decodeCursor(page.cursor);
      const where = ['merchant_id = $1'];
      const params: unknown[] = [merchantId];
      if (filter.type !== undefined) {
        params.push(filter.type);
        where.push(`type = $${params.length}`);
      }
      if (after) {
        params.push(after.createdAt, after.id);
        where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`);
      }
      params.push(page.limit + 1);
      const rows = await x.query<Row>(`SELECT * FROM webhook_events WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`, params);
      return pageOf(rows.map(eventFromRow), page);
    },
    listDeliveriesForEvent: async (merchantId, eventId) =>
      (await x.query<Row>('SELECT * FROM webhook_deliveries WHERE merchant_id = $1 AND event_id = $2 ORDER BY id', [merchantId, eventId])).map(deliveryFromRow),
    listDeliveries: async (merchantId, filter, limit) =>
      (filter.endpointId === undefined
        ? await x.query<Row>('SELECT * FROM webhook_deliveries WHERE merchant_id = $1 ORDER BY id DESC LIMIT $2', [merchantId, limit])
        : await x.query<Row>('SELECT * FROM webhook_deliveries WHERE merchant_id = $1 AND endpoint_id = $2 ORDER BY id DESC LIMIT $3', [merchantId, filter.endpointId, limit])
      ).map(deliveryFromRow),
    listAttempts: async (merchantId, deliveryId) =>
      (await x.query<Row>('SELECT * FROM webhook_attempts WHERE merchant_id = $1 AND delivery_id = $2 ORDER BY attempt', [merchantId, deliveryId])).map(attemptFromRow),
    claimDue: async (now, leaseUntil, token, limit) =>
      (
        await x.query<Row>(
          `UPDATE webhook_deliveries d SET lease_token = $3, lease_until = $2
             FROM (SELECT d2.merchant_id, d2.id FROM webhook_deliveries d2
                   JOIN webhook_endpoints e ON e.merchant_id = d2.merchant_id AND e.id = d2.endpoint_id
                   WHERE d2.status = 'pending' AND d2.next_attempt_at <= $1 AND (d2.lease_until IS NULL OR d2.lease_until < $1) AND e.enabled
                   ORDER BY d2.next_attempt_at LIMIT $4 FOR UPDATE OF d2 SKIP LOCKED) due
             WHERE d.merchant_id = due.merchant_id AND d.id = due.id
             RETURNING d.*`,
          [now, leaseUntil, token, limit],
        )
      ).map(deliveryFromRow),
    finishAttempt: async (merchantId, id, token, o) => {
      const [row] = await x.query<Row>(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, status = $4, next_attempt_at = $5, lease_token = NULL, lease_until = NULL,
           last_response_status = $6, last_error = $7, updated_at = $8
         WHERE merchant_id = $1 AND id = $2 AND lease_token = $3 RETURNING *`,
        [merchantId, id, token, o.status, o.nextAttemptAt, o.lastResponseStatus, o.lastError, o.updatedAt],
      );
      return row ? deliveryFromRow(row) : null;
    },
    insertAttempt: async (a) => {
      await x.query(
        'INSERT INTO webhook_attempts (merchant_id, delivery_id, attempt, at, response_status, duration_ms, response_body, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [a.merchantId, a.deliveryId, a.attempt, a.at, a.responseStatus, a.durationMs, a.responseBody, a.error],
      );
    },
    deleteEventsBefore: (merchantId, before, limit) =>
      affected(
        x,
        `DELETE FROM webhook_events WHERE merchant_id = $1 AND id IN (
           SELECT id FROM webhook_events WHERE merchant_id = $1 AND created_at < $2 ORDER BY created_at, id LIMIT $3)`,
        [merchantId, before, limit],
      ),
    deleteExpiryNoticesBefore: (merchantId, before) => affected(x, 'DELETE FROM webhook_expiry_notices WHERE merchant_id = $1 AND created_at < $2', [merchantId, before]),
    claimExpiryNotice: async (merchantId, paymentProfileId, month, at) =>
      (await affected(x, 'INSERT INTO webhook_expiry_notices (merchant_id, payment_profile_id, month, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [merchantId, paymentProfileId, month, at])) === 1,
  };
}
