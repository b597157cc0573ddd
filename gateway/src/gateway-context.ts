import type { RequestContext } from '@lotgraph/server';

export interface GatewayContext extends RequestContext {
  /** The call carries the gateway secret: a subgraph asking the graph while it serves a request, whose id it keeps. */
  fromSubgraph?: boolean;
}
