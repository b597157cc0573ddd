import type { RequestContext } from '@lotgraph/server';

export interface GatewayContext extends RequestContext {
  /**
   * The call carries the gateway secret: a subgraph asking the graph while it serves a request. It keeps that
   * request's id, and its operation (built and paged by our own code) is not held to the limits set for clients.
   */
  fromSubgraph?: boolean;
}
