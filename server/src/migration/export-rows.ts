import { audit } from '../domain/audit.ts';
import type { DomainContext } from '../domain/context.ts';
import { cardExpiry } from '../domain/views.ts';
import type { PaymentProfileRecord } from '../store/types.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import type { MigrationRow } from './rows.ts';

/** The account columns of one stored card or bank account; null for a card typed at checkout that no charge has kept. */
function accountColumns(crypto: MerchantCrypto, p: PaymentProfileRecord): MigrationRow | null {
  if (p.type === 'bankAccount') {
    return {
      account_type: p.accountType ?? 'checking',
      routing_number: p.routingCt ? crypto.open(p.id, 'routing', p.routingCt) : '',
      account_number: crypto.open(p.id, 'number', p.numberCt),
      ...(p.nameOnAccount && { name_on_account: p.nameOnAccount }),
      ...(p.bankName && { bank_name: p.bankName }),
    };
  }
  // A card typed at checkout that no charge has kept yet is not the merchant's to hand on.
  const expiry = p.provisionalSessionId ? null : cardExpiry(p, crypto);
  if (!expiry) return null;
  return { card_number: crypto.open(p.id, 'number', p.numberCt), exp_month: String(expiry.expMonth).padStart(2, '0'), exp_year: String(expiry.expYear) };
}

/**
 * Every stored card and bank account of the merchant as migration rows. customer_id is the
 * merchantCustomerId, or CIM's customer id when there is none, so a re-import groups them by
 * customer as they are here. The caller encrypts the rows at once.
 */
export async function exportRows(ctx: DomainContext, recipient: string, onProgress?: (done: number, total: number) => void): Promise<MigrationRow[]> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const ids = await ctx.store.customers.listIds(ctx.merchantId);
  const rows: MigrationRow[] = [];
  let bankAccounts = 0;
  for (const [n, id] of ids.entries()) {
    const customer = await ctx.store.customers.get(ctx.merchantId, id);
    if (!customer) continue;
    for (const p of await ctx.store.paymentProfiles.listForCustomer(ctx.merchantId, id)) {
      const account = accountColumns(crypto, p);
      if (!account) continue;
      if (p.type === 'bankAccount') bankAccounts++;
      const b = p.billTo;
      rows.push({
        customer_id: customer.merchantCustomerId ?? customer.id,
        ...(customer.email && { email: customer.email }),
        ...account,
        ...(b.firstName && { first_name: b.firstName }),
        ...(b.lastName && { last_name: b.lastName }),
        ...(b.company && { company: b.company }),
        ...(b.address && { address: b.address }),
        ...(b.city && { city: b.city }),
        ...(b.state && { state: b.state }),
        ...(b.zip && { zip: b.zip }),
        ...(b.country && { country: b.country }),
        ...(b.phoneNumber && { phone_number: b.phoneNumber }),
      });
    }
    if ((n + 1) % 1000 === 0) onProgress?.(n + 1, ids.length);
  }
  await audit(ctx, ctx.store, 'vault.export', { type: 'merchant', id: ctx.merchantId }, 'success', `${rows.length - bankAccounts} cards and ${bankAccounts} bank accounts of ${ids.length} customers, encrypted to ${recipient}`);
  return rows;
}
