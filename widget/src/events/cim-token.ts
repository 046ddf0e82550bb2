import type { CardSummary } from '../public-types.ts';

export interface CimTokenDetail {
  /** The signed result token; send it to your server, which redeems it with CIM. */
  token: string;
  card: CardSummary;
}

/** The shopper confirmed a card: here is the result token. */
export class CimTokenEvent extends Event {
  readonly detail: CimTokenDetail;

  constructor(detail: CimTokenDetail) {
    super('cim-token', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cim-token': CimTokenEvent;
  }
}
