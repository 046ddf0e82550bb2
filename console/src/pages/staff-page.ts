import { STAFF_ROLES, type ConsoleStaffView, type StaffRole } from '@cim/shared';
import { html } from 'lit';
import { ConsolePage } from '../page.ts';

interface Created {
  id: string;
  email: string;
  role: StaffRole;
  password: string;
}

/** What the Status column says: disabled first (it outranks a lock or a one-time password). */
function status(s: ConsoleStaffView) {
  if (s.disabledAt) return html`<span class="badge warn">disabled</span>`;
  return s.lockedUntil ? `locked until ${s.lockedUntil}` : s.mustChangePassword ? 'one-time password not yet changed' : 'active';
}

/** Admin only: the merchant's staff accounts; create one (its one-time password shown once), change a role, disable or enable one, remove one. */
export class StaffPage extends ConsolePage {
  #staff: ConsoleStaffView[] | null = null;
  #created: Created | null = null;
  #confirmRemove: string | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    const list = await this.attempt(() => this.ctx.api.get<{ data: ConsoleStaffView[] }>('/staff'));
    this.#staff = list?.data ?? [];
    this.requestUpdate();
  }

  override render() {
    const me = this.ctx.session.staff.id;
    return html`<h1 tabindex="-1">Staff</h1>
      ${this.#created
        ? html`<div class="card key" role="group" aria-labelledby="new-staff-label">
            <p id="new-staff-label"><strong>One-time password for ${this.#created.email}, shown once.</strong> Give it to them; they choose their own at the first sign-in.</p>
            <output><code>${this.#created.password}</code></output>
          </div>`
        : ''}
      <section aria-labelledby="staff-list-title">
        <h2 id="staff-list-title">Accounts</h2>
        ${this.#staff === null
          ? html`<p>Loading…</p>`
          : html`<table>
              <caption>Everyone with an account in this merchant's console. A disabled account keeps its role but cannot sign in.</caption>
              <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>
                ${this.#staff.map((s) => html`<tr>
                  <td>${s.email}</td>
                  <td>${s.id === me
                    ? html`${s.role} (you)`
                    : html`<label class="sr-only" for="role-${s.id}">Role of ${s.email}</label>
                        <select id="role-${s.id}" @change=${(e: Event) => this.#changeRole(s, (e.target as HTMLSelectElement).value as StaffRole)}>
                          ${STAFF_ROLES.map((r) => html`<option value=${r} ?selected=${r === s.role}>${r}</option>`)}
                        </select>`}</td>
                  <td>${status(s)}</td>
                  <td>${s.id === me
                    ? ''
                    : html`<button type="button" class="secondary" aria-label="${s.disabledAt ? 'Enable' : 'Disable'} ${s.email}" @click=${() => this.#setDisabled(s, !s.disabledAt)}>${s.disabledAt ? 'Enable' : 'Disable'}</button>
                      ${this.#confirmRemove === s.id
                      ? html`<button type="button" class="primary danger" @click=${() => this.#remove(s)}>Remove ${s.email}</button>
                          <button type="button" class="secondary" @click=${() => ((this.#confirmRemove = null), this.requestUpdate())}>Cancel</button>`
                      : html`<button type="button" class="secondary" aria-label="Remove ${s.email}…" @click=${() => ((this.#confirmRemove = s.id), this.requestUpdate())}>Remove…</button>`}`}</td>
                </tr>`)}
              </tbody>
            </table>`}
      </section>
      <section aria-labelledby="staff-add-title">
        <h2 id="staff-add-title">Add a staff account</h2>
        <form class="row" @submit=${this.#create}>
          <label for="staff-email">Email</label>
          <input id="staff-email" name="email" type="email" required autocomplete="off" />
          <label for="staff-role">Role</label>
          <select id="staff-role" name="role">${STAFF_ROLES.map((r) => html`<option value=${r} ?selected=${r === 'viewer'}>${r}</option>`)}</select>
          <button type="submit" class="primary">Create account</button>
        </form>
      </section>`;
  }

  #create = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const input = { email: String(data.get('email') ?? '').trim(), role: String(data.get('role') ?? 'viewer') };
    const created = await this.attempt(() => this.ctx.api.call<Created>('POST', '/staff', input), `Created ${input.email}. Copy the one-time password now.`);
    if (created) {
      this.#created = created;
      form.reset();
      await this.#load();
    }
    this.requestUpdate();
  };

  async #changeRole(s: ConsoleStaffView, role: StaffRole) {
    await this.attempt(() => this.ctx.api.call<ConsoleStaffView>('PATCH', `/staff/${encodeURIComponent(s.id)}`, { role }), `${s.email} is now ${role}.`);
    await this.#load();
  }

  async #setDisabled(s: ConsoleStaffView, disable: boolean) {
    const done = disable ? `Disabled ${s.email}; they are signed out everywhere and cannot sign in.` : `Enabled ${s.email}; they can sign in again as ${s.role}.`;
    await this.attempt(() => this.ctx.api.call<ConsoleStaffView>('POST', `/staff/${encodeURIComponent(s.id)}/${disable ? 'disable' : 'enable'}`, {}), done);
    await this.#load();
  }

  async #remove(s: ConsoleStaffView) {
    this.#confirmRemove = null;
    await this.attempt(() => this.ctx.api.call<void>('DELETE', `/staff/${encodeURIComponent(s.id)}`), `Removed ${s.email}; they are signed out everywhere.`);
    await this.#load();
  }
}
