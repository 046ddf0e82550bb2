import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { GatewayConnectors } from '../../domain/merchant-processors.ts';
import { extraGatewayHosts } from './endpoint.ts';
import { AuthorizeNetProcessor } from './processor.ts';

/** The gateway connectors a server runs with, configured from CIM_GATEWAY_*. */
export function gatewayConnectors(config: Config, clock: Clock): GatewayConnectors {
  const options = { timeoutMs: config.CIM_GATEWAY_TIMEOUT_MS, gatewayHosts: extraGatewayHosts(config.CIM_GATEWAY_HOSTS), now: () => clock.now() };
  return { authorizenet: (setting) => new AuthorizeNetProcessor(setting, options) };
}
