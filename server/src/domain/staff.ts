import { STAFF_ROLES } from '@cim/shared';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import { CimError } from '../errors.ts';
import { newAlnum, newOpaqueId } from '../ids.ts';
import type { StaffRecord, StaffRole, Store } from '../store/types.ts';
import { hashPassword } from './passwords.ts';

/** What each role may do; the server checks this on every console request. */
const RANK: Record<StaffRole, number> = { viewer: 0, operator: 1, admin: 2 };
export const roleAllows = (role: StaffRole, needed: StaffRole) => RANK[role] >= RANK[needed];

const Email = z.email().max(254);

export interface CreatedStaff {
  id: string;
  merchantId: string;
  email: string;
  role: StaffRole;
  /** Shown once; only its scrypt hash is stored. */
  password: string;
}

/** Creates a staff account with a generated password (about 116 bits), returned once. */
export async function createStaff(deps: { store: Store; clock: Clock }, input: { merchantId: string; email: string; role: string }): Promise<CreatedStaff> {
  const email = input.email.trim().toLowerCase();
  if (!Email.safeParse(email).success) throw new CimError('invalid_request', 'A valid email address is required.', { field: 'email' });
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) throw new CimError('invalid_request', 'role must be admin, operator or viewer.', { field: 'role' });
  if (!(await deps.store.merchants.getById(input.merchantId))) throw new CimError('not_found', 'No merchant has that id.', { field: 'merchant' });
  const password = newAlnum(20);
  const record: StaffRecord = {
    id: newOpaqueId('stf'),
    merchantId: input.merchantId,
    email,
    role: input.role as StaffRole,
    passwordHash: await hashPassword(password),
    passwordMustChange: true,
    failedSignIns: 0,
    lockedUntil: null,
    createdAt: deps.clock.now().toISOString(),
    disabledAt: null,
  };
  await deps.store.staff.insert(record);
  return { id: record.id, merchantId: record.merchantId, email, role: record.role, password };
}
