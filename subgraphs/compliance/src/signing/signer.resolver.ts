import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { ComplianceLoaders } from '../compliance.loaders';
import type { SignerService } from './signer.service';

type Context = SubgraphContext<ComplianceLoaders>;

export function signerResolvers(signers: SignerService) {
  return {
    Mutation: {
      verifySigner: (_: unknown, args: { password: string; purpose: string }, ctx: Context, info: GraphQLResolveInfo) =>
        signers.verify(requireRole(ctx, declaredRoles(info), 'sign records'), args.password, args.purpose, ctx.requestId),
    },
  };
}
