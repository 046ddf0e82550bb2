import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { CimError } from '../errors.ts';
import { isPublicAddress } from '../net/public-address.ts';

/** The guards every forward goes through (CIM_FORWARD_* in config.ts). */
export interface OutboundPolicy {
  /** Tests only: let loopback and private addresses through (refused in production by config). */
  allowPrivate: boolean;
  /** A PEM file of extra CAs to trust beside the system's (a test CA, a corporate proxy CA). */
  caFile: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface OutboundRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const caCache = new Map<string, string[]>();
function trustedCas(caFile: string | undefined): string[] | undefined {
  if (!caFile) return undefined;
  let cas = caCache.get(caFile);
  if (!cas) {
    cas = [...rootCertificates, readFileSync(caFile, 'utf8')];
    caCache.set(caFile, cas);
  }
  return cas;
}

/**
 * Resolves the host once and checks every address it has; the connection then goes to the
 * address checked (a pinned lookup), so a second DNS answer cannot swap in a private one.
 */
async function checkedAddress(hostname: string, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true });
  } catch (error) {
    throw new CimError('forward_failed', `The destination host ${hostname} could not be resolved.`, { cause: error });
  }
  if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) {
    throw new CimError('forward_host_not_allowed', `The destination host ${hostname} resolves to a private, loopback or link-local address; forwards go to public addresses only.`);
  }
  const first = addresses[0];
  if (!first) throw new CimError('forward_failed', `The destination host ${hostname} has no address.`);
  return first;
}

/**
 * Sends one HTTPS request under the policy: https only, checked address, no redirects
 * (a 3xx is refused, never followed), one deadline for the whole exchange, and an answer
 * cut off (and refused) past the size cap.
 */
export async function sendOutbound(req: OutboundRequest, policy: OutboundPolicy): Promise<OutboundResponse> {
  if (req.url.protocol !== 'https:') throw new CimError('forward_host_not_allowed', 'Forwards go over HTTPS only.');
  const pinned = await checkedAddress(req.url.hostname, policy.allowPrivate);
  const pinnedLookup: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const ca = trustedCas(policy.caFile);
  const options: RequestOptions = {
    method: req.method,
    headers: { ...req.headers, ...(req.body !== undefined && { 'content-length': String(Buffer.byteLength(req.body)) }) },
    lookup: pinnedLookup,
    ...(ca && { ca }),
    agent: false,
  };
  return new Promise<OutboundResponse>((resolveOnce, rejectOnce) => {
    // Whichever comes first (answer, error, deadline) settles and stops the clock.
    const resolve = (value: OutboundResponse) => {
      clearTimeout(timer);
      resolveOnce(value);
    };
    const reject = (error: CimError) => {
      clearTimeout(timer);
      outgoing.destroy();
      rejectOnce(error);
    };
    const outgoing = request(req.url, options, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.destroy();
        reject(new CimError('forward_failed', `The destination answered ${status} (a redirect); forwards never follow redirects.`));
        return;
      }
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > policy.maxResponseBytes) {
        res.destroy();
        reject(tooLarge(policy));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxResponseBytes) {
          res.destroy();
          reject(tooLarge(policy));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error) => reject(failed(error)));
    });
    const timer = setTimeout(() => reject(new CimError('forward_timeout', `The destination did not answer within ${policy.timeoutMs} ms.`)), policy.timeoutMs);
    outgoing.on('error', (error) => reject(failed(error)));
    outgoing.end(req.body);
  });
}

const tooLarge = (policy: OutboundPolicy) => new CimError('forward_failed', `The destination's answer is larger than ${policy.maxResponseBytes} bytes.`);

// The error's own text names TLS or socket problems, never request data.
const failed = (error: Error) => new CimError('forward_failed', `The forward failed: ${(error as NodeJS.ErrnoException).code ?? error.message}.`, { cause: error });
