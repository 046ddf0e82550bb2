import { z } from 'zod';

export const FORWARD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** How placeholders in the body are escaped: JSON string content, form-urlencoding, XML text. */
export const FORWARD_BODY_TYPES = ['json', 'form', 'xml', 'none'] as const;

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be an HTTP header name');
// No CR/LF: a filled value must stay one header.
const headerValue = z.string().max(4000).regex(/^[^\r\n\0]*$/, 'must not contain line breaks');

/** POST /v1/forward/templates: an outbound request with {{card.number}}-style placeholders (docs/forwarding.md). */
export const ForwardTemplateCreate = z
  .object({
    name: z.string().min(1).max(100).optional(),
    method: z.enum(FORWARD_METHODS),
    url: z.string().min(1).max(2000),
    headers: z.record(headerName, headerValue).refine((h) => Object.keys(h).length <= 30, 'at most 30 headers').optional(),
    bodyType: z.enum(FORWARD_BODY_TYPES).optional(),
    body: z.string().max(65_536).optional(),
  })
  .strict();
export type ForwardTemplateCreate = z.infer<typeof ForwardTemplateCreate>;

/** POST /v1/forward: fill a template with a stored card and send it. */
export const ForwardRequest = z
  .object({
    templateId: z.string().min(1).max(64),
    paymentProfileId: z.string().min(1).max(32),
    /** Values for {{vars.NAME}} placeholders (amounts, order ids): never card data. */
    variables: z
      .record(z.string().regex(/^[A-Za-z0-9_]{1,40}$/, 'variable names are letters, digits and _'), z.string().max(1000))
      .refine((v) => Object.keys(v).length <= 50, 'at most 50 variables')
      .optional(),
  })
  .strict();
export type ForwardRequest = z.infer<typeof ForwardRequest>;

/** A template as answered back: header names only, never their values or the body (they may hold the processor's credentials). */
export const ForwardTemplateView = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  method: z.enum(FORWARD_METHODS),
  url: z.string(),
  bodyType: z.enum(FORWARD_BODY_TYPES),
  headerNames: z.array(z.string()),
  placeholders: z.array(z.string()),
  createdAt: z.string(),
});
export type ForwardTemplateView = z.infer<typeof ForwardTemplateView>;

export const ForwardTemplateList = z.strictObject({ data: z.array(ForwardTemplateView) });

/** The destination's answer, card data scrubbed. */
export const ForwardResponse = z.strictObject({
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
});
export type ForwardResponse = z.infer<typeof ForwardResponse>;
