import type { SubgraphContext } from '@lotgraph/server';
import type { ComplianceLoaders } from '../compliance.loaders';
import type { SessionService } from './session.service';

type Context = SubgraphContext<ComplianceLoaders>;

export function sessionResolvers(sessions: SessionService) {
  return {
    Mutation: {
      login: (_: unknown, args: { userId: string; password: string }, ctx: Context) => sessions.login(args.userId.trim(), args.password, ctx.requestId, ctx.clientAddress ?? null),
      logout: (_: unknown, __: unknown, ctx: Context) => sessions.logout(ctx.user!, ctx.token, ctx.requestId),
      changePassword: (_: unknown, args: { currentPassword: string; newPassword: string }, ctx: Context) =>
        sessions.changePassword(ctx.user!, args.currentPassword, args.newPassword, ctx.requestId),
    },
  };
}
