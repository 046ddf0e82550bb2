import { WidgetAddressCreate, WidgetCardCreate, WidgetCardUpdate, WidgetConfirm } from '@cim/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { RateLimits } from '../domain/rate-limit.ts';
import { cardFingerprintHex } from '../domain/card-fingerprint.ts';
import { verifyBeforeVaulting } from '../domain/payment-validation.ts';
import { confirmWalletChoice, readWallet, removeWalletAddress, removeWalletCard, saveAndConfirmWalletCard, saveWalletAddress, saveWalletCard, updateWalletCard } from '../domain/wallet.ts';
import { requireSession, type WidgetEnv } from '../http/session-auth.ts';
import { limited } from '../http/rate-limit-headers.ts';
import { validate } from '../http/validate.ts';
import { merchantProcessors } from '../domain/merchant-processors.ts';

const IdParam = z.object({ id: z.string().max(20) });

/**
 * Mounted at /widget/api: the iframe's API (docs/widget-api.md). Same-origin only:
 * no CORS headers are ever sent, so no other origin's script can read an answer.
 */
export function widgetApi(deps: AppDeps, limits = new RateLimits(deps, deps.config.CIM_WIDGET_RATE_LIMIT_SCALE)) {
  return new Hono<WidgetEnv>()
    .use(async (c, next) => {
      // Wallet answers are per-shopper and short-lived: never cached anywhere.
      c.header('Cache-Control', 'no-store');
      await next();
    })
    .use(requireSession(deps, limits))
    .get('/wallet', async (c) => c.json(await readWallet(c.var.widget, c.var.session)))
    .post('/payment-profiles', validate('json', WidgetCardCreate), async (c) => {
      const input = c.req.valid('json');
      await limited(c, limits.cardSave(c.var.clientAddress, c.var.session.merchantId, await cardFingerprintHex(c.var.widget, input.card.number)));
      if (input.confirm) {
        // Paying with a new card: the saved card and its result token in one answer.
        const { created, ...answer } = await saveAndConfirmWalletCard(c.var.widget, c.var.session, input);
        return c.json(answer, created ? 201 : 200);
      }
      // Vault mode has no purchase to prove the card: the processor verifies it before it is stored.
      const verify = c.var.session.mode === 'vault' ? verifyBeforeVaulting({ ...c.var.widget, processors: merchantProcessors(deps, c.var.widget.merchantId) }) : undefined;
      const { paymentProfile, created } = await saveWalletCard(c.var.widget, c.var.session, input, verify);
      return c.json({ paymentProfile }, created ? 201 : 200);
    })
    .patch('/payment-profiles/:id', validate('param', IdParam), validate('json', WidgetCardUpdate), async (c) => {
      // A new expiry is verified with the processor like a new card, before it is stored.
      const verify = verifyBeforeVaulting({ ...c.var.widget, processors: merchantProcessors(deps, c.var.widget.merchantId) });
      return c.json(await updateWalletCard(c.var.widget, c.var.session, c.req.valid('param').id, c.req.valid('json'), verify));
    })
    .delete('/payment-profiles/:id', validate('param', IdParam), async (c) => {
      await removeWalletCard(c.var.widget, c.var.session, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .post('/shipping-addresses', validate('json', WidgetAddressCreate), async (c) => {
      const { shippingAddress, created } = await saveWalletAddress(c.var.widget, c.var.session, c.req.valid('json'));
      return c.json({ shippingAddress }, created ? 201 : 200);
    })
    .delete('/shipping-addresses/:id', validate('param', IdParam), async (c) => {
      await removeWalletAddress(c.var.widget, c.var.session, c.req.valid('param').id);
      return c.body(null, 204);
    })
    .post('/confirm', validate('json', WidgetConfirm), async (c) => c.json(await confirmWalletChoice(c.var.widget, c.var.session, c.req.valid('json'))));
}
