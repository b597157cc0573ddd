import type { RequestContext } from '@lotgraph/server';

export type GatewayContext = RequestContext;
