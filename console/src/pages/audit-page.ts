import type { ConsoleAuditEntry, Page } from '@cim/shared';
import { html, nothing, type PropertyValues } from 'lit';
import { when } from '../format.ts';
import { ConsolePage } from '../page.ts';
import { href } from '../router.ts';

const FILTERS = ['actor', 'action', 'outcome', 'recordId', 'since', 'until'] as const;

/** The merchant's audit log, newest first, with filters kept in the URL. */
export class AuditPage extends ConsolePage {
  static override properties = { ...ConsolePage.properties, query: { attribute: false } };
  declare query: URLSearchParams;
  #entries: ConsoleAuditEntry[] = [];
  #next: string | null = null;
  #loaded = false;

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('query')) void this.#load();
  }

  #filters() {
    return Object.fromEntries(FILTERS.map((f) => [f, this.query.get(f) ?? undefined]));
  }

  async #load(cursor?: string) {
    const query = this.query;
    const page = await this.attempt(() => this.ctx.api.get<Page<ConsoleAuditEntry>>('/audit', { ...this.#filters(), cursor }));
    // Answers can arrive out of order: one for filters the page has since left must not replace the current one's.
    if (query !== this.query) return;
    if (page) {
      this.#entries = cursor ? [...this.#entries, ...page.data] : page.data;
      this.#next = page.nextCursor;
      if (!cursor) this.ctx.announce(`${page.data.length}${page.nextCursor ? '+' : ''} audit entries shown.`);
    }
    this.#loaded = true;
    this.requestUpdate();
  }

  override render() {
    const v = (f: (typeof FILTERS)[number]) => this.query.get(f) ?? '';
    return html`<h1 tabindex="-1">Audit log</h1>
      <form class="filters" @submit=${this.#submit} aria-label="Audit log filters">
        <div><label for="f-actor">Actor</label><input id="f-actor" name="actor" .value=${v('actor')} placeholder="staff:ana@shop.example" /></div>
        <div><label for="f-action">Action</label><input id="f-action" name="action" .value=${v('action')} aria-describedby="f-action-hint" /><small id="f-action-hint">End with a dot for a family: staff.</small></div>
        <div><label for="f-outcome">Outcome</label>
          <select id="f-outcome" name="outcome" .value=${v('outcome')}><option value="">Any</option><option value="success" ?selected=${v('outcome') === 'success'}>Success</option><option value="failure" ?selected=${v('outcome') === 'failure'}>Failure</option></select></div>
        <div><label for="f-record">Record id</label><input id="f-record" name="recordId" .value=${v('recordId')} /></div>
        <div><label for="f-since">From (UTC)</label><input id="f-since" name="since" type="date" .value=${v('since')} /></div>
        <div><label for="f-until">To (UTC)</label><input id="f-until" name="until" type="date" .value=${v('until')} /></div>
        <div class="row"><button type="submit" class="primary">Filter</button><a class="button secondary" href=${href.audit()}>Clear</a></div>
      </form>
      ${!this.#loaded ? html`<p>Loading…</p>` : this.#entries.length === 0 ? html`<p>No entries match.</p>` : html`<table class="audit">
        <caption>Audit entries, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Outcome</th><th scope="col">Record</th><th scope="col">Detail</th><th scope="col">Address</th></tr></thead>
        <tbody>${this.#entries.map((e) => html`<tr class=${e.outcome}>
          <td>${when(e.at)}</td><td>${e.actor}</td><td><code>${e.action}</code></td>
          <td>${e.outcome === 'failure' ? html`<span class="badge warn">failure</span>` : 'success'}</td>
          <td>${e.recordType ?? ''} ${e.recordId ?? ''}</td><td>${e.detail ?? ''}</td><td>${e.clientAddress ?? ''}</td></tr>`)}</tbody>
      </table>`}
      ${this.#next ? html`<button type="button" class="secondary" @click=${() => this.#load(this.#next!)}>Show older entries</button>` : nothing}`;
  }

  #submit = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const query = new URLSearchParams();
    for (const f of FILTERS) {
      const value = String(data.get(f) ?? '').trim();
      if (value) query.set(f, value);
    }
    const next = href.audit(query);
    if (location.hash === next) void this.#load();
    else location.hash = next;
  };
}
