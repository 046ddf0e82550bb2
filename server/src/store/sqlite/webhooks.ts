import type { SQLInputValue } from 'node:sqlite';
import { NotFoundError } from '../../errors.ts';
import { decodeCursor, pageOf } from '../paging.ts';
import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookEndpointRecord, WebhookEventRecord, WebhookStore } from '../types.ts';
import { eventsColumn, eventsFromColumn } from '../webhook-columns.ts';
import { insertOrDuplicate, toBytes, type Executor } from './executor.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const endpointFromRow = (r: Row): WebhookEndpointRecord => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  url: String(r.url),
  description: str(r.description),
  events: eventsFromColumn(String(r.events)),
  enabled: r.enabled === 1,
  disabledReason: str(r.disabled_reason),
  secretCt: toBytes(r.secret_ct),
  keyVersion: Number(r.key_version),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
});

const eventFromRow = (r: Row): WebhookEventRecord => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  type: String(r.type),
  payload: String(r.payload),
  createdAt: String(r.created_at),
});

const deliveryFromRow = (r: Row): WebhookDeliveryRecord => ({
  id: String(r.id),
  merchantId: String(r.merchant_id),
  eventId: String(r.event_id),
  endpointId: String(r.endpoint_id),
  status: r.status as WebhookDeliveryRecord['status'],
  attempts: Number(r.attempts),
  nextAttemptAt: str(r.next_attempt_at),
  leaseToken: str(r.lease_token),
  leaseUntil: str(r.lease_until),
  lastResponseStatus: numOrNull(r.last_response_status),
  lastError: str(r.last_error),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
});

const attemptFromRow = (r: Row): WebhookAttemptRecord => ({
  merchantId: String(r.merchant_id),
  deliveryId: String(r.delivery_id),
  attempt: Number(r.attempt),
  at: String(r.at),
  responseStatus: numOrNull(r.response_status),
  durationMs: Number(r.duration_ms),
  responseBody: str(r.response_body),
  error: str(r.error),
});

const ENDPOINT_COLUMNS: Record<string, [string, (v: unknown) => SQLInputValue]> = {
  url: ['url', (v) => v as string],
  description: ['description', (v) => (v ?? null) as SQLInputValue],
  events: ['events', (v) => eventsColumn(v as string[])],
  enabled: ['enabled', (v) => (v ? 1 : 0)],
  disabledReason: ['disabled_reason', (v) => (v ?? null) as SQLInputValue],
  secretCt: ['secret_ct', (v) => v as Uint8Array],
  keyVersion: ['key_version', (v) => v as number],
  updatedAt: ['updated_at', (v) => v as string],
};

/** Pending deliveries, due at the first parameter, of one event to its merchant's enabled endpoints that take its type. */
const FAN_OUT = `INSERT INTO webhook_deliveries (merchant_id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at, updated_at)
  SELECT e.merchant_id, ev.id, e.id, 'pending', 0, ?1, ?1, ?1
  FROM webhook_events ev JOIN webhook_endpoints e ON e.merchant_id = ev.merchant_id
  WHERE ev.merchant_id = ?2 AND ev.id = ?3 AND e.enabled = 1 AND (e.events = '' OR instr(e.events, ',' || ev.type || ',') > 0)`;

export function sqliteWebhooks(x: Executor): WebhookStore {
  const { db } = x;
  const fanOut = (merchantId: string, eventId: string, dueAt: string, endpointId?: string) =>
    endpointId === undefined ? db.run(FAN_OUT, dueAt, merchantId, Number(eventId)).changes : db.run(`${FAN_OUT} AND e.id = ?4`, dueAt, merchantId, Number(eventId), Number(endpointId)).changes;
  return {
    insertEndpoint: (e) =>
      x.write(() =>
        insertOrDuplicate(
          () =>
            db.run(
              `INSERT INTO webhook_endpoints (id, merchant_id, url, description, events, enabled, disabled_reason, secret_ct, key_version, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              Number(e.id), e.merchantId, e.url, e.description, eventsColumn(e.events), e.enabled ? 1 : 0, e.disabledReason, e.secretCt, e.keyVersion, e.createdAt, e.updatedAt,
            ),
          'conflict',
          'A webhook endpoint with this id already exists.',
        ),
      ),
    getEndpoint: async (merchantId, id) => {
      const row = db.get<Row>('SELECT * FROM webhook_endpoints WHERE merchant_id = ? AND id = ?', merchantId, Number(id));
      return row ? endpointFromRow(row) : null;
    },
    listEndpoints: async (merchantId) => db.all<Row>('SELECT * FROM webhook_endpoints WHERE merchant_id = ? ORDER BY created_at, id', merchantId).map(endpointFromRow),
    updateEndpoint: (merchantId, id, patch) =>
      x.write(() => {
        const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && ENDPOINT_COLUMNS[k]);
        const sets = entries.map(([k]) => `${ENDPOINT_COLUMNS[k]![0]} = ?`);
        const row =
          sets.length === 0
            ? db.get<Row>('SELECT * FROM webhook_endpoints WHERE merchant_id = ? AND id = ?', merchantId, Number(id))
            : db.get<Row>(`UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE merchant_id = ? AND id = ? RETURNING *`, ...entries.map(([k, v]) => ENDPOINT_COLUMNS[k]![1](v)), merchantId, Number(id));
        if (!row) throw new NotFoundError('Webhook endpoint');
        return endpointFromRow(row);
      }),
    deleteEndpoint: (merchantId, id) =>
      x.write(() => {
        if (db.run('DELETE FROM webhook_endpoints WHERE merchant_id = ? AND id = ?', merchantId, Number(id)).changes === 0) throw new NotFoundError('Webhook endpoint');
      }),
    appendEvent: (event) =>
      x.write(() => {
        const inserted = db.run(
          'INSERT INTO webhook_events (id, merchant_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
          Number(event.id), event.merchantId, event.type, event.payload, event.createdAt,
        ).changes === 1;
        if (inserted) fanOut(event.merchantId, event.id, event.createdAt);
        return inserted;
      }),
    enqueueDeliveries: (merchantId, eventId, dueAt, endpointId) => x.write(() => fanOut(merchantId, eventId, dueAt, endpointId)),
    getEvent: async (merchantId, id) => {
      const row = db.get<Row>('SELECT * FROM webhook_events WHERE merchant_id = ? AND id = ?', merchantId, Number(id));
      return row ? eventFromRow(row) : null;
    },
    listEvents: async (merchantId, page, filter = {}) => {
      const after = decodeCursor(page.cursor);
      const where = ['merchant_id = ?'];
      const params: SQLInputValue[] = [merchantId];
      if (filter.type !== undefined) {
        where.push('type = ?');
        params.push(filter.type);
      }
      if (after) {
        where.push('(created_at < ? OR (created_at = ? AND id < ?))');
        params.push(after.createdAt, after.createdAt, Number(after.id));
      }
      const rows = db.all<Row>(`SELECT * FROM webhook_events WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`, ...params, page.limit + 1);
      return pageOf(rows.map(eventFromRow), page);
    },
    listDeliveriesForEvent: async (merchantId, eventId) =>
      db.all<Row>('SELECT * FROM webhook_deliveries WHERE merchant_id = ? AND event_id = ? ORDER BY id', merchantId, Number(eventId)).map(deliveryFromRow),
    listDeliveries: async (merchantId, filter, limit) =>
      (filter.endpointId === undefined
        ? db.all<Row>('SELECT * FROM webhook_deliveries WHERE merchant_id = ? ORDER BY id DESC LIMIT ?', merchantId, limit)
        : db.all<Row>('SELECT * FROM webhook_deliveries WHERE merchant_id = ? AND endpoint_id = ? ORDER BY id DESC LIMIT ?', merchantId, Number(filter.endpointId), limit)
      ).map(deliveryFromRow),
    listAttempts: async (merchantId, deliveryId) =>
      db.all<Row>('SELECT * FROM webhook_attempts WHERE merchant_id = ? AND delivery_id = ? ORDER BY attempt', merchantId, Number(deliveryId)).map(attemptFromRow),
    claimDue: (now, leaseUntil, token, limit) =>
      x.write(() =>
        db
          .all<Row>(
            `UPDATE webhook_deliveries SET lease_token = ?, lease_until = ?
               WHERE id IN (
                 SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.merchant_id = d.merchant_id
                 WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < ?) AND e.enabled = 1
                 ORDER BY d.next_attempt_at LIMIT ?)
               RETURNING *`,
            token, leaseUntil, now, now, limit,
          )
          .map(deliveryFromRow),
      ),
    finishAttempt: (merchantId, id, token, o) =>
      x.write(() => {
        const row = db.get<Row>(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, next_attempt_at = ?, lease_token = NULL, lease_until = NULL,
             last_response_status = ?, last_error = ?, updated_at = ?
           WHERE merchant_id = ? AND id = ? AND lease_token = ? RETURNING *`,
          o.status, o.nextAttemptAt, o.lastResponseStatus, o.lastError, o.updatedAt, merchantId, Number(id), token,
        );
        return row ? deliveryFromRow(row) : null;
      }),
    insertAttempt: (a) =>
      x.write(() => {
        db.run(
          'INSERT INTO webhook_attempts (delivery_id, attempt, merchant_id, at, response_status, duration_ms, response_body, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          Number(a.deliveryId), a.attempt, a.merchantId, a.at, a.responseStatus, a.durationMs, a.responseBody, a.error,
        );
      }),
    deleteEventsBefore: (merchantId, before, limit) =>
      x.write(
        () =>
          db.run(
            'DELETE FROM webhook_events WHERE id IN (SELECT id FROM webhook_events WHERE merchant_id = ? AND created_at < ? ORDER BY created_at, id LIMIT ?)',
            merchantId, before, limit,
          ).changes,
      ),
    deleteExpiryNoticesBefore: (merchantId, before) =>
      x.write(() => db.run('DELETE FROM webhook_expiry_notices WHERE merchant_id = ? AND created_at < ?', merchantId, before).changes),
    claimExpiryNotice: (merchantId, paymentProfileId, month, at) =>
      x.write(
        () =>
          db.run('INSERT INTO webhook_expiry_notices (merchant_id, payment_profile_id, month, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', merchantId, Number(paymentProfileId), month, at)
            .changes === 1,
      ),
  };
}
