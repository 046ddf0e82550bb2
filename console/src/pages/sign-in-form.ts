import { html, nothing } from 'lit';
import { ApiError, type ConsoleApi } from '../api.ts';
import { LightElement } from '../light-element.ts';

/**
 * Email and password. Fires `signed-in` once the server has set the session cookie.
 * @fires signed-in
 */
export class SignInForm extends LightElement {
  static override properties = { api: { attribute: false } };
  declare api: ConsoleApi;
  #error = '';
  #busy = false;

  override render() {
    return html`<form class="card sign-in" @submit=${this.#submit} aria-labelledby="sign-in-title" novalidate>
      <h1 id="sign-in-title" tabindex="-1">Sign in to the CIM console</h1>
      <p class="hint">Staff accounts are created with <code>cim staff create</code>.</p>
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="username" required aria-describedby=${this.#error ? 'sign-in-error' : nothing} />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      ${this.#error ? html`<p id="sign-in-error" class="error" role="alert">${this.#error}</p>` : nothing}
      <button type="submit" class="primary" ?disabled=${this.#busy}>${this.#busy ? 'Signing in…' : 'Sign in'}</button>
    </form>`;
  }

  #submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    this.#busy = true;
    this.#error = '';
    this.requestUpdate();
    try {
      await this.api.call('POST', '/session', { email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
      this.dispatchEvent(new Event('signed-in', { bubbles: true }));
    } catch (error) {
      this.#error = error instanceof ApiError && error.code === 'invalid_request' ? 'Enter your email and password.' : (error as Error).message;
      (form.elements.namedItem('password') as HTMLInputElement).value = '';
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  };
}
