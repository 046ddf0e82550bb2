export interface CimSessionExpiringDetail {
  /** Seconds left, by CIM's clock (60, or fewer if the session was shorter). */
  seconds: number;
}

/** The session ends soon: get a new one from your server and set `element.session`; nothing typed is lost. */
export class CimSessionExpiringEvent extends Event {
  readonly detail: CimSessionExpiringDetail;

  constructor(detail: CimSessionExpiringDetail) {
    super('cim-session-expiring', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cim-session-expiring': CimSessionExpiringEvent;
  }
}
