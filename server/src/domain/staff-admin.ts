import type { ConsoleStaffCreate, ConsoleStaffView, StaffRole } from '@cim/shared';
import { CimError } from '../errors.ts';
import type { StaffRecord } from '../store/types.ts';
import type { DomainContext } from './context.ts';
import { createStaff, type CreatedStaff } from './staff.ts';

/** The console's staff page (admin): the merchant's accounts, a new one, a role, a removal. Roles are checked by the route. */

export const staffView = (s: StaffRecord): ConsoleStaffView => ({
  id: s.id,
  email: s.email,
  role: s.role,
  mustChangePassword: s.passwordMustChange,
  lockedUntil: s.lockedUntil,
  createdAt: s.createdAt,
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

export async function changeStaffRole(ctx: DomainContext, self: StaffRecord, id: string, role: StaffRole): Promise<ConsoleStaffView> {
  notSelf(self, id, 'change the role of');
  return staffView(await ctx.store.staff.setRole(ctx.merchantId, id, role));
}

export async function removeStaff(ctx: DomainContext, self: StaffRecord, id: string): Promise<void> {
  notSelf(self, id, 'remove');
  await ctx.store.staff.delete(ctx.merchantId, id);
}
