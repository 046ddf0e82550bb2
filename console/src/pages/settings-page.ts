import { html } from 'lit';
import { ConsolePage } from '../page.ts';

interface Settings {
  id: string;
  name: string;
  apiLoginId: string;
  allowedOrigins: string[];
}

/** Admin only: the origins allowed to embed checkout, and rotating the REST secret key. */
export class SettingsPage extends ConsolePage {
  #settings: Settings | null = null;
  #newKey = '';
  #confirmRotate = false;

  override connectedCallback() {
    super.connectedCallback();
    void this.attempt(() => this.ctx.api.get<Settings>('/settings')).then((s) => {
      this.#settings = s ?? null;
      this.requestUpdate();
    });
  }

  override render() {
    const s = this.#settings;
    if (!s) return html`<h1 tabindex="-1">Origins and keys</h1><p>Loading…</p>`;
    return html`<h1 tabindex="-1">Origins and keys</h1>
      <dl class="facts"><dt>Merchant id</dt><dd><code>${s.id}</code></dd><dt>API login id</dt><dd><code>${s.apiLoginId}</code></dd></dl>
      <section aria-labelledby="origins-title">
        <h2 id="origins-title">Allowed origins</h2>
        <p class="hint">Checkout sessions can only be created for these sites.</p>
        ${s.allowedOrigins.length === 0 ? html`<p>No origin is allowed: no checkout can start.</p>` : html`<ul class="origins">
          ${s.allowedOrigins.map((o) => html`<li><code>${o}</code> <button type="button" class="secondary" aria-label="Remove ${o}" @click=${() => this.#remove(o)}>Remove</button></li>`)}
        </ul>`}
        <form class="row" @submit=${this.#add}>
          <label for="new-origin">Add an origin</label>
          <input id="new-origin" name="origin" type="url" placeholder="https://shop.example" required autocomplete="off" />
          <button type="submit" class="primary">Add origin</button>
        </form>
      </section>
      <section aria-labelledby="key-title">
        <h2 id="key-title">Secret key</h2>
        <p class="hint">Rotating makes a new REST secret key and stops the old one at once: update your server first.</p>
        ${this.#newKey
          ? html`<div class="card key" role="group" aria-labelledby="new-key-label"><p id="new-key-label"><strong>New secret key, shown once.</strong> Copy it now.</p><output><code>${this.#newKey}</code></output></div>`
          : this.#confirmRotate
            ? html`<p>Every server using the current key will be refused. Rotate now?</p>
                <div class="row"><button type="button" class="primary danger" @click=${this.#rotate}>Rotate secret key</button>
                <button type="button" class="secondary" @click=${() => ((this.#confirmRotate = false), this.requestUpdate())}>Cancel</button></div>`
            : html`<button type="button" class="secondary" @click=${() => ((this.#confirmRotate = true), this.requestUpdate())}>Rotate secret key…</button>`}
      </section>`;
  }

  #add = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const origin = String(new FormData(form).get('origin') ?? '').trim();
    const s = await this.attempt(() => this.ctx.api.call<Settings>('POST', '/settings/origins', { origin }), `Added ${origin}.`);
    if (s) {
      this.#settings = s;
      form.reset();
    }
    this.requestUpdate();
  };

  async #remove(origin: string) {
    const s = await this.attempt(() => this.ctx.api.call<Settings>('DELETE', `/settings/origins?${new URLSearchParams({ origin })}`), `Removed ${origin}.`);
    if (s) this.#settings = s;
    this.requestUpdate();
  }

  #rotate = async () => {
    const r = await this.attempt(() => this.ctx.api.call<{ secretKey: string }>('POST', '/settings/secret-key'), 'The secret key was rotated. The old key no longer works.');
    this.#confirmRotate = false;
    if (r) this.#newKey = r.secretKey;
    this.requestUpdate();
  };
}
