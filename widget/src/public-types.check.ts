/** Compile-time only (typechecked, never run): the public event types equal @cim/shared's. */
import type * as Shared from '@cim/shared';
import type * as Public from './public-types.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Same<Public.CardBrand, Shared.CardBrand>,
  Same<Public.SessionMode, Shared.SessionMode>,
  Same<Public.CardSummary, Shared.CardSummary>,
  Same<Public.FieldError, Shared.FieldError>,
] = [true, true, true, true];
export default checks;
