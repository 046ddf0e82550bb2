import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import type { AppEnv } from '../../http/env.ts';
import { authenticateMerchant } from './auth.ts';
import { anetResponse, envelope, errorMessages, okMessages } from './envelope.ts';
import { CimError } from '../../errors.ts';
import { refuseCardDataOutsideCardFields } from './card-data.ts';
import { AnetError } from './messages.ts';
import { asAnetError } from './operation.ts';
import { OPERATIONS } from './operations.ts';
import type { AnetHandler } from './operation.ts';
import { isObject, text, type Json } from './parse.ts';

/** Reads the body as the real service does: optional BOM, any content type, one root element. */
async function readEnvelope(request: Request): Promise<{ operation: string; handler: AnetHandler; body: Json }> {
  const raw = await request.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(/^\uFEFF/, ''));
  } catch {
    throw new AnetError('E00003', 'An error occurred while parsing the JSON request.');
  }
  const keys = isObject(parsed) ? Object.keys(parsed) : [];
  if (!isObject(parsed) || keys.length !== 1) throw new AnetError('E00003', 'The request must be one JSON object with a single root element naming the API method.');
  const operation = keys[0]!;
  // Own names only: `constructor` would otherwise find Object and echo its argument, deps included.
  // Checked before the body, so only a known name is ever echoed (a client bug could send card data as one).
  const handler = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
  if (!handler) throw new AnetError('E00004');
  const body = parsed[operation];
  if (!isObject(body)) throw new AnetError('E00003', `The '${operation}' element must be an object.`);
  return { operation, handler, body };
}

/**
 * Authorize.Net's JSON API at POST /xml/v1/request.api, over the same vault as
 * /v1. Every answer is HTTP 200 with a BOM-prefixed flat body; failures say
 * `resultCode: "Error"` with the code the real service would give.
 */
export function anetApi(deps: AppDeps) {
  return new Hono<AppEnv>().post('/request.api', async (c) => {
    let refId: string | undefined;
    try {
      const { operation, handler, body } = await readEnvelope(c.req.raw);
      refId = text(body, 'refId', 20);
      const merchant = await authenticateMerchant(deps, body, operation, c.var.clientAddress);
      refuseCardDataOutsideCardFields(body);
      const ctx = { store: deps.store, keyring: deps.keyring, clock: deps.clock, merchantId: merchant.id, actor: 'anet', clientAddress: c.var.clientAddress };
      const fields = await handler({ deps, merchant, ctx, request: body });
      return anetResponse(envelope(fields, refId, okMessages(fields)));
    } catch (error) {
      // Throttled: an HTTP 429 with Retry-After, which SDK clients already back off on.
      if (error instanceof CimError && error.code === 'rate_limited') throw error;
      let anet = asAnetError(error);
      if (!anet) {
        // Never request contents: only the error's name and stack.
        deps.logger.error('unhandled error in /xml/v1', { requestId: c.var.requestId, name: (error as Error)?.name, stack: (error as Error)?.stack });
        anet = new AnetError('E00001');
      }
      return anetResponse(envelope(anet.fields, refId, errorMessages(anet)));
    }
  });
}
