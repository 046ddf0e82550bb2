import type { ForwardTemplateCreate, ForwardTemplateView } from '@cim/shared';
import { CimError, NotFoundError } from '../errors.ts';
import { newOpaqueId } from '../ids.ts';
import type { ForwardTemplateRecord } from '../store/types.ts';
import type { MerchantCrypto } from '../vault/keyring.ts';
import { audit } from './audit.ts';
import { nowIso, type DomainContext } from './context.ts';
import { checkPlaceholders, placeholdersIn, type Slot } from '../forward/placeholders.ts';

const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect']);

/** What is sealed: the parts of a template that may carry the processor's credentials. */
export interface SealedTemplateParts {
  headers: Record<string, string>;
  body: string | null;
}

/** The destination host of a template URL, checked against the merchant's forward hosts. */
export async function requireAllowedHost(ctx: DomainContext, url: URL): Promise<void> {
  const merchant = await ctx.store.merchants.getById(ctx.merchantId);
  if (!merchant?.forwardHosts.includes(url.host)) {
    throw new CimError('forward_host_not_allowed', `${url.host} is not on this merchant's forward hosts; the operator adds it with cim merchant update MERCHANT_ID --add-forward-host ${url.host}.`, { field: 'url' });
  }
}

/**
 * The template URL with placeholders filled by `fillPath`. Placeholders may sit in the path
 * and query only: the scheme and host are fixed when the template is declared.
 */
export function templateUrl(raw: string, fillPath: (text: string) => string): URL {
  const origin = /^https:\/\/[^/?#{}]+/i.exec(raw)?.[0];
  const url = origin && URL.canParse(origin + fillPath(raw.slice(origin.length))) ? new URL(origin + fillPath(raw.slice(origin.length))) : null;
  if (!url || url.protocol !== 'https:' || url.username || url.password) {
    throw new CimError('invalid_request', 'The URL must be https://host[:port]/path, with placeholders only after the host.', { field: 'url' });
  }
  return url;
}

const view = (t: ForwardTemplateRecord, parts: SealedTemplateParts): ForwardTemplateView => ({
  id: t.id,
  name: t.name,
  method: t.method,
  url: t.url,
  bodyType: t.bodyType,
  headerNames: Object.keys(parts.headers),
  placeholders: [...new Set([t.url, ...Object.values(parts.headers), parts.body ?? ''].flatMap(placeholdersIn))],
  createdAt: t.createdAt,
});

export function openTemplate(crypto: MerchantCrypto, t: ForwardTemplateRecord): SealedTemplateParts {
  return JSON.parse(crypto.open(t.id, 'template', t.templateCt)) as SealedTemplateParts;
}

export async function createForwardTemplate(ctx: DomainContext, input: ForwardTemplateCreate): Promise<ForwardTemplateView> {
  const bodyType = input.bodyType ?? (input.body === undefined ? 'none' : 'json');
  if (input.body !== undefined && bodyType === 'none') throw new CimError('invalid_request', 'A template with a body needs bodyType json, form or xml.', { field: 'bodyType' });
  if (input.body !== undefined && (input.method === 'GET' || input.method === 'DELETE')) throw new CimError('invalid_request', `A ${input.method} template has no body.`, { field: 'body' });
  checkPlaceholders(input.url, 'url', 'url');
  const url = templateUrl(input.url, (path) => path.replace(/\{\{[^}]*\}\}/g, 'x'));
  await requireAllowedHost(ctx, url);
  const headers = input.headers ?? {};
  for (const [name, value] of Object.entries(headers)) {
    // Framing and routing are CIM's: a template cannot retarget the request or split it.
    if (RESERVED_HEADERS.has(name.toLowerCase()) || name.toLowerCase().startsWith('proxy-')) throw new CimError('invalid_request', `The ${name} header is set by CIM, not by a template.`, { field: `headers.${name}` });
    checkPlaceholders(value, 'header' satisfies Slot, `headers.${name}`);
  }
  if (input.body !== undefined) checkPlaceholders(input.body, bodyType, 'body');
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  const id = newOpaqueId('ftpl');
  const parts: SealedTemplateParts = { headers, body: input.body ?? null };
  const record: ForwardTemplateRecord = {
    merchantId: ctx.merchantId,
    id,
    name: input.name ?? null,
    method: input.method,
    url: input.url,
    bodyType,
    templateCt: crypto.seal(id, 'template', JSON.stringify(parts)),
    keyVersion: crypto.keyVersion,
    createdAt: nowIso(ctx),
  };
  await ctx.store.transaction(async (tx) => {
    await tx.forwardTemplates.insert(record);
    await audit(ctx, tx, 'forward_template.create', { type: 'forward_template', id }, 'success', url.host);
  });
  return view(record, parts);
}

export async function requireTemplate(ctx: DomainContext, id: string): Promise<ForwardTemplateRecord> {
  const template = await ctx.store.forwardTemplates.get(ctx.merchantId, id);
  if (!template) throw new NotFoundError('Forward template');
  return template;
}

export async function getForwardTemplate(ctx: DomainContext, id: string): Promise<ForwardTemplateView> {
  const template = await requireTemplate(ctx, id);
  return view(template, openTemplate(await ctx.keyring.forMerchant(ctx.store, ctx.merchantId), template));
}

export async function listForwardTemplates(ctx: DomainContext): Promise<{ data: ForwardTemplateView[] }> {
  const crypto = await ctx.keyring.forMerchant(ctx.store, ctx.merchantId);
  return { data: (await ctx.store.forwardTemplates.list(ctx.merchantId)).map((t) => view(t, openTemplate(crypto, t))) };
}

export function deleteForwardTemplate(ctx: DomainContext, id: string): Promise<void> {
  return ctx.store.transaction(async (tx) => {
    await tx.forwardTemplates.delete(ctx.merchantId, id);
    await audit(ctx, tx, 'forward_template.delete', { type: 'forward_template', id });
  });
}
