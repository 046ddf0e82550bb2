import { z } from 'zod';
import { noCardData } from './free-text.ts';

export const CUSTOMER_LIMITS = { merchantCustomerId: 20, description: 255, email: 255 } as const;

const fields = {
  merchantCustomerId: noCardData(z.string().trim().min(1).max(CUSTOMER_LIMITS.merchantCustomerId).optional()),
  email: noCardData(z.email().max(CUSTOMER_LIMITS.email).optional()),
  description: noCardData(z.string().trim().max(CUSTOMER_LIMITS.description).optional()),
};

export const CustomerCreate = z
  .object(fields)
  .strict()
  .refine((c) => Boolean(c.merchantCustomerId || c.email || c.description), {
    message: 'Give at least one of merchantCustomerId, email or description.',
  });
export type CustomerCreate = z.infer<typeof CustomerCreate>;

export const CustomerUpdate = z.object(fields).strict();
export type CustomerUpdate = z.infer<typeof CustomerUpdate>;

export const CustomerQuery = z
  .object({
    merchantCustomerId: z.string().max(CUSTOMER_LIMITS.merchantCustomerId).optional(),
    email: z.string().max(CUSTOMER_LIMITS.email).optional(),
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();
export type CustomerQuery = z.infer<typeof CustomerQuery>;
