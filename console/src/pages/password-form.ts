import { STAFF_PASSWORD_MIN } from '@cim/shared';
import { html, nothing } from 'lit';
import type { ConsoleApi } from '../api.ts';
import { LightElement } from '../light-element.ts';

/**
 * Choosing a password: first the one that replaces the one-time password `cim staff create`
 * printed (nothing else is open until then), later from the "Change password" page.
 * @fires password-changed
 */
export class PasswordForm extends LightElement {
  static override properties = { api: { attribute: false }, firstTime: { attribute: false } };
  declare api: ConsoleApi;
  /** True while the one-time password is still in use. */
  declare firstTime: boolean;
  #error = '';
  #busy = false;

  override render() {
    return html`<form class="card sign-in" @submit=${this.#submit} aria-labelledby="password-title" novalidate>
      <h1 id="password-title" tabindex="-1">${this.firstTime ? 'Choose your password' : 'Change password'}</h1>
      <p class="hint">${this.firstTime ? 'The password you were given works once. Choose your own: ' : 'Your other signed-in browsers will be signed out. '}at least ${STAFF_PASSWORD_MIN} characters; a few words make a good one.</p>
      <label for="current-password">${this.firstTime ? 'One-time password' : 'Current password'}</label>
      <input id="current-password" name="currentPassword" type="password" autocomplete="current-password" required />
      <label for="new-password">New password</label>
      <input id="new-password" name="newPassword" type="password" autocomplete="new-password" minlength=${STAFF_PASSWORD_MIN} required aria-describedby=${this.#error ? 'password-error' : nothing} />
      ${this.#error ? html`<p id="password-error" class="error" role="alert">${this.#error}</p>` : nothing}
      <button type="submit" class="primary" ?disabled=${this.#busy}>${this.#busy ? 'Saving…' : 'Save password'}</button>
    </form>`;
  }

  #submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    this.#busy = true;
    this.#error = '';
    this.requestUpdate();
    try {
      await this.api.call('POST', '/session/password', { currentPassword: String(data.get('currentPassword') ?? ''), newPassword: String(data.get('newPassword') ?? '') });
      (e.target as HTMLFormElement).reset();
      this.dispatchEvent(new Event('password-changed', { bubbles: true }));
    } catch (error) {
      this.#error = (error as Error).message;
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  };
}
