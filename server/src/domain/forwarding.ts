import type { ForwardRequest, ForwardResponse } from '@cim/shared';
import { CimError } from '../errors.ts';
import { fill, placeholderValues, secretsOf } from '../forward/placeholders.ts';
import { sendOutbound, type OutboundPolicy, type OutboundResponse } from '../forward/outbound.ts';
import { scrub } from '../logger.ts';
import { audit } from './audit.ts';
import type { DomainContext } from './context.ts';
import { openTemplate, requireAllowedHost, requireTemplate, templateUrl } from './forward-templates.ts';
import { revealPaymentProfile } from './payment-profiles.ts';

/** Answer headers passed back to the merchant; everything else (cookies, server details) stays behind. */
const SAFE_HEADERS = ['content-type', 'date', 'request-id', 'x-request-id', 'retry-after'];

const MASK = '[card data removed]';

/** The one scrubber, then the exact card values this forward sent (a processor may echo them in any form). */
function scrubAnswer(text: string, secrets: string[]): string {
  let out = scrub(text);
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out;
}

function answerOf(res: OutboundResponse, secrets: string[]): ForwardResponse {
  const headers: Record<string, string> = {};
  for (const name of SAFE_HEADERS) {
    const value = res.headers[name];
    if (typeof value === 'string') headers[name] = scrubAnswer(value, secrets);
  }
  return { status: res.status, headers, body: scrubAnswer(res.body.toString('utf8'), secrets) };
}

/**
 * POST /v1/forward: fills the merchant's template with a stored card, sends it to the
 * template's (operator-allowed) host and answers the destination's reply with card data
 * removed. The card is decrypted here, lives only in this call, and is never logged or stored.
 */
export async function forward(ctx: DomainContext, input: ForwardRequest, policy: OutboundPolicy): Promise<ForwardResponse> {
  const template = await requireTemplate(ctx, input.templateId);
  const record = { type: 'forward_template', id: template.id };
  try {
    // The host is checked again at send time: the operator may have removed it since.
    await requireAllowedHost(ctx, templateUrl(template.url, (p) => p));
    const { profile, number, expiry } = await revealPaymentProfile(ctx, input.paymentProfileId);
    if (profile.type !== 'card' || !expiry) throw new CimError('invalid_request', 'Forwarding sends cards; this payment profile is a bank account.', { field: 'paymentProfileId' });
    const values = placeholderValues({ number, ...expiry, brand: profile.brand, last4: profile.last4 }, profile.billTo, { paymentProfileId: profile.id, customerId: profile.customerId }, input.variables ?? {});
    const parts = openTemplate(await ctx.keyring.forMerchant(ctx.store, ctx.merchantId), template);
    const url = templateUrl(template.url, (path) => fill(path, 'url', values, 'url'));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(parts.headers)) headers[name.toLowerCase()] = fill(value, 'header', values, `headers.${name}`);
    const body = parts.body === null ? undefined : fill(parts.body, template.bodyType, values, 'body');
    if (body !== undefined && !headers['content-type']) headers['content-type'] = CONTENT_TYPES[template.bodyType];
    const res = await sendOutbound({ method: template.method, url, headers, body }, policy);
    await audit(ctx, ctx.store, 'forward.send', record, 'success', `profile ${profile.id} to ${url.host}: ${res.status}`);
    return answerOf(res, secretsOf(values));
  } catch (error) {
    if (error instanceof CimError && error.code !== 'not_found') await audit(ctx, ctx.store, 'forward.send', record, 'failure', `${error.code}: ${error.message}`);
    throw error;
  }
}

const CONTENT_TYPES: Record<'json' | 'form' | 'xml' | 'none', string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  xml: 'application/xml',
  none: 'text/plain',
};

export const outboundPolicy = (config: { CIM_FORWARD_ALLOW_PRIVATE: '0' | '1'; CIM_FORWARD_CA_FILE?: string | undefined; CIM_FORWARD_TIMEOUT_MS: number; CIM_FORWARD_MAX_RESPONSE_BYTES: number }): OutboundPolicy => ({
  allowPrivate: config.CIM_FORWARD_ALLOW_PRIVATE === '1',
  caFile: config.CIM_FORWARD_CA_FILE,
  timeoutMs: config.CIM_FORWARD_TIMEOUT_MS,
  maxResponseBytes: config.CIM_FORWARD_MAX_RESPONSE_BYTES,
});
