import type { SettingsUpdate, SettingsView } from '@cim/shared';
import type { MerchantSettingsRecord } from '../store/types.ts';
import type { DomainContext } from './context.ts';
import { merchantSettings } from './settlement.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const view = (s: MerchantSettingsRecord): SettingsView => ({
  settlementCutoff: `${pad(Math.floor(s.settlementCutoffMinutes / 60))}:${pad(s.settlementCutoffMinutes % 60)}`,
  unlinkedCredits: s.unlinkedCredits,
  updatedAt: s.updatedAt,
});

export async function getSettings(ctx: DomainContext): Promise<SettingsView> {
  return view(await merchantSettings(ctx.store, ctx.merchantId));
}

/** Changes only the fields given; a new cut-off applies from the next settlement round. */
export async function updateSettings(ctx: DomainContext, input: SettingsUpdate): Promise<SettingsView> {
  const current = await merchantSettings(ctx.store, ctx.merchantId);
  const [h, m] = input.settlementCutoff?.split(':').map(Number) ?? [];
  const next: MerchantSettingsRecord = {
    merchantId: ctx.merchantId,
    settlementCutoffMinutes: h !== undefined && m !== undefined ? h * 60 + m : current.settlementCutoffMinutes,
    unlinkedCredits: input.unlinkedCredits ?? current.unlinkedCredits,
    updatedAt: ctx.clock.now().toISOString(),
  };
  await ctx.store.merchantSettings.put(next);
  return view(next);
}
