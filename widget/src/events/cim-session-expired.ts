/** The session has ended. The form keeps what the shopper typed; setting `element.session` carries on with it. */
export class CimSessionExpiredEvent extends Event {
  readonly detail: Record<string, never> = {};

  constructor() {
    super('cim-session-expired', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cim-session-expired': CimSessionExpiredEvent;
  }
}
