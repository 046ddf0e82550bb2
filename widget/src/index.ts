export { CimCheckout } from './define.ts';
export { CimChangeEvent } from './events/cim-change.ts';
export { CimCheckoutError, CimErrorEvent } from './events/cim-error.ts';
export { CimReadyEvent } from './events/cim-ready.ts';
export { CimTokenEvent } from './events/cim-token.ts';
export type { CimChangeDetail } from './events/cim-change.ts';
export type { CimErrorDetail } from './events/cim-error.ts';
export type { CimReadyDetail } from './events/cim-ready.ts';
export type { CimTokenDetail } from './events/cim-token.ts';
