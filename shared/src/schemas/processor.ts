import { z } from 'zod';

/** PUT /v1/settings/processor: where the merchant's new transactions go. */
export const ProcessorUpdate = z.discriminatedUnion('processor', [
  /** The built-in sandbox (the default): no money moves. */
  z.object({ processor: z.literal('sandbox') }).strict(),
  /** The merchant's own Authorize.Net account. */
  z
    .object({
      processor: z.literal('authorizenet'),
      apiLoginId: z.string().regex(/^[A-Za-z0-9]{1,25}$/, 'apiLoginId is 1 to 25 letters and digits'),
      transactionKey: z.string().regex(/^[A-Za-z0-9]{1,32}$/, 'transactionKey is 1 to 32 letters and digits'),
      /** Defaults to Authorize.Net's production endpoint. */
      endpoint: z.string().max(2048).optional(),
    })
    .strict(),
]);
export type ProcessorUpdate = z.infer<typeof ProcessorUpdate>;

/** The processor setting as answered: never the transaction key, the login id masked. */
export const ProcessorView = z.strictObject({
  processor: z.enum(['sandbox', 'authorizenet']),
  endpoint: z.string().optional(),
  /** The last four characters of the API login id, the rest masked: "XXXXab12". */
  apiLoginId: z.string().optional(),
  /** null until the merchant first sets a processor. */
  updatedAt: z.string().nullable(),
});
export type ProcessorView = z.infer<typeof ProcessorView>;
