import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SignatureInput, type SubgraphContext } from '@lotgraph/server';
import type { BatchLoaders } from '../batch.loaders';
import type { LotReleaseService } from './lot-release.service';

type Context = SubgraphContext<BatchLoaders>;

export function lotReleaseResolvers(releases: LotReleaseService) {
  return {
    Mutation: {
      releaseLot: (_: unknown, args: { input: { lotNumber: string; reason: string }; signature: SignatureInput }, ctx: Context, info: GraphQLResolveInfo) =>
        releases.release({
          ...args.input,
          signature: args.signature,
          actor: requireRole(ctx, declaredRoles(info), 'release lots'),
          requestId: ctx.requestId,
          caller: { token: ctx.token, requestId: ctx.requestId },
        }),
    },
  };
}
