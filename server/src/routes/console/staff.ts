import { ConsoleStaffCreate, ConsoleStaffUpdate } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { addStaff, changeStaffRole, disableStaff, enableStaff, listStaff, removeStaff } from '../../domain/staff-admin.ts';
import type { AppEnv } from '../../http/env.ts';
import { staffAction } from '../../http/staff-auth.ts';
import { validate } from '../../http/validate.ts';

const IdParam = z.object({ id: z.string().max(100) });
const NoBody = z.object({}).strict();

/** Mounted at /console/api/staff: the merchant's staff accounts (admin only; every call audited, see staffAction). */
export function consoleStaff() {
  return new Hono<AppEnv>()
    .get('/', staffAction('staff.list', 'admin', 'staff'), async (c) => c.json({ data: await listStaff(c.var.domain) }))
    .post('/', staffAction('staff.create', 'admin', 'staff'), validate('json', ConsoleStaffCreate), async (c) =>
      // The one-time password is in this answer only: never cached.
      c.json(await addStaff(c.var.domain, c.req.valid('json')), 201, { 'Cache-Control': 'no-store' }),
    )
    .patch('/:id', staffAction('staff.role', 'admin', 'staff'), validate('param', IdParam), validate('json', ConsoleStaffUpdate), async (c) =>
      c.json(await changeStaffRole(c.var.domain, c.var.staff, c.req.valid('param').id, c.req.valid('json').role)),
    )
    .post('/:id/disable', staffAction('staff.disable', 'admin', 'staff'), validate('param', IdParam), validate('json', NoBody), async (c) =>
      c.json(await disableStaff(c.var.domain, c.var.staff, c.req.valid('param').id)),
    )
    .post('/:id/enable', staffAction('staff.enable', 'admin', 'staff'), validate('param', IdParam), validate('json', NoBody), async (c) =>
      c.json(await enableStaff(c.var.domain, c.req.valid('param').id)),
    )
    .delete('/:id', staffAction('staff.remove', 'admin', 'staff'), validate('param', IdParam), async (c) => {
      await removeStaff(c.var.domain, c.var.staff, c.req.valid('param').id);
      return c.body(null, 204);
    });
}
