/**
 * The shopper pressed Enter in a field of a form whose own button is hidden (`hide-button`).
 * Nothing is submitted: the page decides, usually by calling `submit()` as its own pay button does.
 */
export class CimSubmitEvent extends Event {
  readonly detail: Record<string, never> = {};

  constructor() {
    super('cim-submit', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cim-submit': CimSubmitEvent;
  }
}
