import { z } from 'zod';

/** PATCH /v1/settings: what a merchant sets about settlement and the payments it accepts. */
export const SettingsUpdate = z
  .object({
    /** Daily settlement cut-off, "HH:MM" in UTC. */
    settlementCutoff: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour, UTC).').optional(),
    /** Refunds that reference no transaction (Authorize.Net's unlinked credits). */
    unlinkedCredits: z.boolean().optional(),
  })
  .strict();
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export const SettingsView = z.strictObject({ settlementCutoff: z.string(), unlinkedCredits: z.boolean(), updatedAt: z.string() });
export type SettingsView = z.infer<typeof SettingsView>;
