import type { ErrorBody } from '@cim/shared';

/** A failed console API call: the server's stable code and message. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * The console's JSON API on its own origin. The session is an HttpOnly cookie the page never
 * sees; every change carries the CSRF token the session call returned.
 */
export class ConsoleApi {
  csrfToken = '';
  /** Called when the session has ended (401), so the app can show the sign-in form again. */
  onSignedOut: () => void = () => {};

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`/console/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(method !== 'GET' && { 'X-CSRF-Token': this.csrfToken }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (res.status === 204) return undefined as T;
    const json = (await res.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
    if (!res.ok) {
      if (res.status === 401 && path !== '/session') this.onSignedOut();
      throw new ApiError(res.status, json?.error?.code ?? 'internal_error', json?.error?.message ?? `The server answered ${res.status}.`);
    }
    return json as T;
  }

  get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
    const qs = params.toString();
    return this.call<T>('GET', qs ? `${path}?${qs}` : path);
  }
}
