import { CimError } from '../../errors.ts';

/** Authorize.Net's production endpoint: the default for a merchant's gateway. */
export const AUTHORIZENET_PRODUCTION = 'https://api.authorize.net/xml/v1/request.api';
/** Authorize.Net's sandbox (developer test accounts). */
export const AUTHORIZENET_SANDBOX = 'https://apitest.authorize.net/xml/v1/request.api';

const BUILT_IN_HOSTS = ['api.authorize.net', 'apitest.authorize.net'];
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** The hosts CIM_GATEWAY_HOSTS adds to Authorize.Net's own. */
export const extraGatewayHosts = (setting: string | undefined): string[] =>
  (setting ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);

/**
 * Where card data may be sent. The endpoint is set by the merchant, so an open choice would let a
 * merchant (or anyone holding its secret key) have every card number posted to a server of its own:
 * only Authorize.Net's hosts, and hosts the operator lists in CIM_GATEWAY_HOSTS, are accepted;
 * https only, except a listed loopback host. Checked when set and again before every call.
 */
export function checkEndpoint(endpoint: string, extraHosts: readonly string[]): URL {
  const refuse = (why: string) => new CimError('invalid_request', `The endpoint ${why}.`, { field: 'endpoint' });
  if (!URL.canParse(endpoint)) throw refuse('is not a URL');
  const url = new URL(endpoint);
  if (url.username || url.password || url.hash) throw refuse('may not carry credentials or a fragment');
  const host = url.hostname.toLowerCase();
  if (!BUILT_IN_HOSTS.includes(host) && !extraHosts.includes(host)) {
    throw refuse(`host ${host} is not Authorize.Net's (api.authorize.net, apitest.authorize.net) nor listed in CIM_GATEWAY_HOSTS`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.test(host) && extraHosts.includes(host)) return url;
  throw refuse('must be https:// (plain http only for a loopback host listed in CIM_GATEWAY_HOSTS)');
}
