import type { ConsoleStaffCreate, ConsoleStaffView, StaffRole } from '@cim/shared';
import { CimError, NotFoundError } from '../errors.ts';
import type { StaffRecord } from '../store/types.ts';
import { audit } from './audit.ts';
import { nowIso, type DomainContext } from './context.ts';
import { createStaff, type CreatedStaff } from './staff.ts';

/** The console's staff page (admin): the merchant's accounts, a new one, a role, disable/enable, a removal. Roles are checked by the route. */

export const staffView = (s: StaffRecord): ConsoleStaffView => ({
  id: s.id,
  email: s.email,
  role: s.role,
  mustChangePassword: s.passwordMustChange,
  lockedUntil: s.lockedUntil,
  createdAt: s.createdAt,
  disabledAt: s.disabledAt,
});

export async function listStaff(ctx: DomainContext): Promise<ConsoleStaffView[]> {
  return (await ctx.store.staff.listForMerchant(ctx.merchantId)).map(staffView);
}

/** Same account, same one-time password rules as `cim staff create`; the password is answered once. */
export function addStaff(ctx: DomainContext, input: ConsoleStaffCreate): Promise<CreatedStaff> {
  return createStaff(ctx, { merchantId: ctx.merchantId, email: input.email, role: input.role });
}

/** An admin cannot demote or remove themselves: the merchant would be left without anyone to undo it. */
function notSelf(self: StaffRecord, id: string, what: string) {
  if (self.id === id) throw new CimError('conflict', `You cannot ${what} your own account; another admin can.`, { field: 'id' });
}

/** After a store write that refused (null/false): the account is missing, or it was the merchant's last enabled admin. */
async function missingOrLastAdmin(ctx: DomainContext, id: string, what: string): Promise<never> {
  if (!(await ctx.store.staff.get(ctx.merchantId, id))) throw new NotFoundError('Staff account');
  throw new CimError('last_enabled_admin', `This is the last enabled admin of this merchant: make another account admin (or enable one) before you ${what} it.`, { field: 'id' });
}

/** Another admin demoting this one at the same moment cannot leave the merchant without one (the store checks in the same query). */
export async function changeStaffRole(ctx: DomainContext, self: StaffRecord, id: string, role: StaffRole): Promise<ConsoleStaffView> {
  notSelf(self, id, 'change the role of');
  const row = await ctx.store.staff.setRole(ctx.merchantId, id, role);
  return row ? staffView(row) : missingOrLastAdmin(ctx, id, 'demote');
}

export async function removeStaff(ctx: DomainContext, self: StaffRecord, id: string): Promise<void> {
  notSelf(self, id, 'remove');
  if (!(await ctx.store.staff.delete(ctx.merchantId, id))) await missingOrLastAdmin(ctx, id, 'remove');
}

const record = (id: string) => ({ type: 'staff', id });

/**
 * Disables an account: it can no longer sign in and every session of it ends now; its role and
 * its audit history stay. `self` is the admin acting in the console (null from the CLI), who may
 * not disable themselves; nobody may disable the merchant's last enabled admin.
 */
export async function disableStaff(ctx: DomainContext, self: StaffRecord | null, id: string): Promise<ConsoleStaffView> {
  if (self?.id === id) throw new CimError('cannot_disable_self', 'You cannot disable your own account; another admin can.', { field: 'id' });
  const disabled = await ctx.store.transaction(async (tx) => {
    const row = await tx.staff.disable(ctx.merchantId, id, nowIso(ctx));
    if (row) {
      await tx.staffSessions.deleteAllOfStaff(ctx.merchantId, id);
      await audit(ctx, tx, 'staff_account.disable', record(id), 'success', row.email);
    }
    return row;
  });
  return disabled ? staffView(disabled) : missingOrLastAdmin(ctx, id, 'disable');
}

/** Enables a disabled account again, with the role it had: it can sign in with its password. */
export async function enableStaff(ctx: DomainContext, id: string): Promise<ConsoleStaffView> {
  return ctx.store.transaction(async (tx) => {
    const row = await tx.staff.enable(ctx.merchantId, id);
    await audit(ctx, tx, 'staff_account.enable', record(id), 'success', row.email);
    return staffView(row);
  });
}
