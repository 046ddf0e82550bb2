import { WEBHOOK_EVENT_TYPES, type WebhookDeliveryView, type WebhookEndpointView } from '@cim/shared';
import { html, nothing } from 'lit';
import { can } from '../context.ts';
import { when } from '../format.ts';
import { ConsolePage } from '../page.ts';

type Delivery = WebhookDeliveryView & { eventType: string };
interface Overview {
  endpoints: WebhookEndpointView[];
  deliveries: Delivery[];
}

const STATUS: Record<Delivery['status'], string> = { pending: 'Retrying', succeeded: 'Delivered', failed: 'Failed' };

/** Webhook endpoints and the latest deliveries; an admin adds, disables, removes endpoints and redelivers events. */
export class WebhooksPage extends ConsolePage {
  #overview: Overview | null = null;
  #newSecret: { url: string; secret: string } | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    const overview = await this.attempt(() => this.ctx.api.get<Overview>('/webhooks'));
    if (overview) this.#overview = overview;
    this.requestUpdate();
  }

  override render() {
    const o = this.#overview;
    if (!o) return html`<h1 tabindex="-1">Webhooks</h1><p>Loading…</p>`;
    const admin = can(this.ctx, 'admin');
    const urlOf = (id: string) => o.endpoints.find((e) => e.id === id)?.url ?? `endpoint ${id} (removed)`;
    return html`<h1 tabindex="-1">Webhooks</h1>
      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">Endpoints</h2>
        <p class="hint">CIM sends signed events (Standard Webhooks) to these URLs. An endpoint that answers 410 Gone is disabled.</p>
        ${o.endpoints.length === 0 ? html`<p>No endpoint: events are kept in the log but sent nowhere.</p>` : html`<table>
          <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">Status</th>${admin ? html`<th scope="col">Actions</th>` : nothing}</tr></thead>
          <tbody>${o.endpoints.map((e) => html`<tr>
            <th scope="row"><code>${e.url}</code>${e.description ? html`<br /><span class="hint">${e.description}</span>` : nothing}</th>
            <td>${e.events.length === 0 ? 'Every event' : e.events.join(', ')}</td>
            <td>${e.enabled ? 'Enabled' : html`Disabled${e.disabledReason ? html`: ${e.disabledReason}` : nothing}`}</td>
            ${admin ? html`<td><div class="row">
              <button type="button" class="secondary" aria-label="${e.enabled ? 'Disable' : 'Enable'} ${e.url}" @click=${() => this.#setEnabled(e, !e.enabled)}>${e.enabled ? 'Disable' : 'Enable'}</button>
              <button type="button" class="secondary" aria-label="Remove ${e.url}" @click=${() => this.#remove(e)}>Remove</button>
            </div></td>` : nothing}
          </tr>`)}</tbody>
        </table>`}
        ${this.#newSecret ? html`<div class="card key" role="group" aria-labelledby="secret-label">
          <p id="secret-label"><strong>Signing secret of ${this.#newSecret.url}, shown once.</strong> Copy it to the receiving server now.</p>
          <output><code>${this.#newSecret.secret}</code></output></div>` : nothing}
        ${admin ? this.#addForm() : nothing}
      </section>
      <section aria-labelledby="deliveries-title">
        <h2 id="deliveries-title">Recent deliveries</h2>
        ${o.deliveries.length === 0 ? html`<p>No delivery yet.</p>` : html`<table>
          <thead><tr><th scope="col">Event</th><th scope="col">Endpoint</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col">Next attempt</th>${admin ? html`<th scope="col">Actions</th>` : nothing}</tr></thead>
          <tbody>${o.deliveries.map((d) => html`<tr>
            <th scope="row">${d.eventType}<br /><code>${d.eventId}</code></th>
            <td><code>${urlOf(d.endpointId)}</code></td>
            <td>${STATUS[d.status]}</td>
            <td>${d.attempts}</td>
            <td>${d.lastResponseStatus !== null ? `HTTP ${d.lastResponseStatus}` : (d.lastError ?? '—')}</td>
            <td>${d.nextAttemptAt ? when(d.nextAttemptAt) : '—'}</td>
            ${admin ? html`<td><button type="button" class="secondary" aria-label="Redeliver ${d.eventType} ${d.eventId}" @click=${() => this.#redeliver(d)}>Redeliver</button></td>` : nothing}
          </tr>`)}</tbody>
        </table>`}
      </section>`;
  }

  #addForm() {
    return html`<form class="card webhook" @submit=${this.#add}>
      <h3>Add an endpoint</h3>
      <label for="webhook-url">URL (https)</label>
      <input id="webhook-url" name="url" type="url" placeholder="https://shop.example/cim-webhooks" required autocomplete="off" />
      <label for="webhook-description">Description (optional)</label>
      <input id="webhook-description" name="description" type="text" maxlength="255" autocomplete="off" />
      <fieldset>
        <legend>Events (none ticked: every event)</legend>
        ${WEBHOOK_EVENT_TYPES.map((type) => html`<label class="check"><input type="checkbox" name="events" value=${type} /> ${type}</label> `)}
      </fieldset>
      <div><button type="submit" class="primary">Add endpoint</button></div>
    </form>`;
  }

  #add = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const url = String(data.get('url') ?? '').trim();
    const description = String(data.get('description') ?? '').trim();
    const body = { url, events: data.getAll('events').map(String), ...(description && { description }) };
    const created = await this.attempt(() => this.ctx.api.call<WebhookEndpointView>('POST', '/webhooks/endpoints', body), `Added ${url}. Copy its signing secret now.`);
    if (created?.secret) {
      this.#newSecret = { url: created.url, secret: created.secret };
      form.reset();
      await this.#load();
    }
  };

  async #setEnabled(endpoint: WebhookEndpointView, enabled: boolean) {
    const done = await this.attempt(() => this.ctx.api.call('PATCH', `/webhooks/endpoints/${endpoint.id}`, { enabled }), `${enabled ? 'Enabled' : 'Disabled'} ${endpoint.url}.`);
    if (done) await this.#load();
  }

  async #remove(endpoint: WebhookEndpointView) {
    const removed = await this.attempt(async () => (await this.ctx.api.call('DELETE', `/webhooks/endpoints/${endpoint.id}`), true), `Removed ${endpoint.url}.`);
    if (removed) await this.#load();
  }

  async #redeliver(d: Delivery) {
    const r = await this.attempt(() => this.ctx.api.call<{ deliveries: unknown[] }>('POST', `/webhooks/events/${d.eventId}/redeliver`), `Event ${d.eventId} will be sent again now.`);
    if (r) await this.#load();
  }
}
