import type { SessionMode } from '../public-types.ts';

export interface CimReadyDetail {
  mode: SessionMode;
}

/** The form is loaded and shown: the shopper can use it and `submit()` will be answered. */
export class CimReadyEvent extends Event {
  readonly detail: CimReadyDetail;

  constructor(detail: CimReadyDetail) {
    super('cim-ready', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cim-ready': CimReadyEvent;
  }
}
