/**
 * <CimCheckout> for React: the real custom element (registered by @cim/widget), with its
 * properties as props (`session`, `server`, `locale`, `hideButton`) and its events as typed
 * callbacks. Made with @lit/react, which sets properties and adds event listeners the way React
 * 18 cannot by itself. A `ref` gives the element, for `submit()`.
 */
import { createComponent, type EventName } from '@lit/react';
import {
  CimCheckout as CimCheckoutElement,
  type CimChangeEvent,
  type CimErrorEvent,
  type CimReadyEvent,
  type CimSessionExpiredEvent,
  type CimSessionExpiringEvent,
  type CimSubmitEvent,
  type CimTokenEvent,
} from '@cim/widget';
import * as React from 'react';

export const CimCheckout = createComponent({
  tagName: 'cim-checkout',
  elementClass: CimCheckoutElement,
  react: React,
  events: {
    onCimReady: 'cim-ready' as EventName<CimReadyEvent>,
    onCimChange: 'cim-change' as EventName<CimChangeEvent>,
    onCimToken: 'cim-token' as EventName<CimTokenEvent>,
    onCimError: 'cim-error' as EventName<CimErrorEvent>,
    onCimSubmit: 'cim-submit' as EventName<CimSubmitEvent>,
    onCimSessionExpiring: 'cim-session-expiring' as EventName<CimSessionExpiringEvent>,
    onCimSessionExpired: 'cim-session-expired' as EventName<CimSessionExpiredEvent>,
  },
  displayName: 'CimCheckout',
});

export type { CimCheckoutElement };
