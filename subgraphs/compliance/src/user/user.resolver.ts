import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { ComplianceLoaders } from '../compliance.loaders';
import { isLocked } from '../password/account-lock';
import { noAccount } from '../password/credential-errors';
import type { CreateUserInput, UserService } from './user.service';

type Context = SubgraphContext<ComplianceLoaders>;

export function userResolvers(users: UserService) {
  // Behind the authorization plugin, the resolver checks the caller again from the same @allow declaration.
  const changeBy = (ctx: Context, info: GraphQLResolveInfo, action: string) => ({ actor: requireRole(ctx, declaredRoles(info), action), requestId: ctx.requestId });
  return {
    Query: {
      me: async (_: unknown, __: unknown, ctx: Context) => {
        const caller = ctx.user!;
        const user = await ctx.loaders.userById.load(caller.id);
        if (!user) throw noAccount(caller.id);
        return user;
      },
      users: (_: unknown, __: unknown, ctx: Context, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'list users');
        return users.list();
      },
    },
    Mutation: {
      createUser: (_: unknown, args: { input: CreateUserInput }, ctx: Context, info: GraphQLResolveInfo) => users.create(args.input, changeBy(ctx, info, 'create users')),
      disableUser: (_: unknown, args: { userId: string; reason: string }, ctx: Context, info: GraphQLResolveInfo) =>
        users.disable(args.userId, args.reason, changeBy(ctx, info, 'disable users')),
      enableUser: (_: unknown, args: { userId: string; reason: string }, ctx: Context, info: GraphQLResolveInfo) =>
        users.enable(args.userId, args.reason, changeBy(ctx, info, 'enable users')),
      unlockUser: (_: unknown, args: { userId: string; reason: string }, ctx: Context, info: GraphQLResolveInfo) =>
        users.unlock(args.userId, args.reason, changeBy(ctx, info, 'unlock users')),
      resetPassword: (_: unknown, args: { userId: string; newPassword: string; reason: string }, ctx: Context, info: GraphQLResolveInfo) =>
        users.resetPassword(args.userId, args.newPassword, args.reason, changeBy(ctx, info, "reset users' passwords")),
    },
    User: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.userById.load(ref.id),
      locked: (user: { lockedAt: Date | null; lockedUntil: Date | null }) => isLocked(user),
    },
  };
}
