export interface CimErrorDetail {
  /** Stable: `session_expired`, `frame_blocked`, `network_error`, `rate_limited`, a validation code such as `invalid_card_number`, … */
  code: string;
  /** For people, in the form's language; may change. */
  message: string;
}

/** Something went wrong that the page may want to act on (an expired session means a new one is needed). */
export class CimErrorEvent extends Event {
  readonly detail: CimErrorDetail;

  constructor(detail: CimErrorDetail) {
    super('cim-error', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** What `submit()` rejects with. */
export class CimCheckoutError extends Error {
  readonly code: string;

  constructor(detail: CimErrorDetail) {
    super(detail.message);
    this.name = 'CimCheckoutError';
    this.code = detail.code;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cim-error': CimErrorEvent;
  }
}
