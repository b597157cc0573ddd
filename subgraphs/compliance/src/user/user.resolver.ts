import { requireRole, type Role, type SubgraphContext } from '@lotgraph/server';
import type { ComplianceLoaders } from '../compliance.loaders';
import { noAccount } from '../password/credential-errors';
import type { CreateUserInput, UserService } from './user.service';

type Context = SubgraphContext<ComplianceLoaders>;

const ADMIN: Role[] = ['ADMIN'];

export function userResolvers(users: UserService) {
  const asAdmin = (ctx: Context, action: string) => ({ actor: requireRole(ctx, ADMIN, action), requestId: ctx.requestId });
  return {
    Query: {
      me: async (_: unknown, __: unknown, ctx: Context) => {
        const caller = ctx.user!;
        const user = await ctx.loaders.userById.load(caller.id);
        if (!user) throw noAccount(caller.id);
        return user;
      },
      users: (_: unknown, __: unknown, ctx: Context) => {
        requireRole(ctx, ['ADMIN', 'AUDITOR'], 'list users');
        return users.list();
      },
    },
    Mutation: {
      createUser: (_: unknown, args: { input: CreateUserInput }, ctx: Context) => users.create(args.input, asAdmin(ctx, 'create users')),
      disableUser: (_: unknown, args: { userId: string; reason: string }, ctx: Context) =>
        users.disable(args.userId, args.reason, asAdmin(ctx, 'disable users')),
      enableUser: (_: unknown, args: { userId: string; reason: string }, ctx: Context) =>
        users.enable(args.userId, args.reason, asAdmin(ctx, 'enable users')),
      unlockUser: (_: unknown, args: { userId: string; reason: string }, ctx: Context) =>
        users.unlock(args.userId, args.reason, asAdmin(ctx, 'unlock users')),
      resetPassword: (_: unknown, args: { userId: string; newPassword: string; reason: string }, ctx: Context) =>
        users.resetPassword(args.userId, args.newPassword, args.reason, asAdmin(ctx, "reset users' passwords")),
    },
    User: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.userById.load(ref.id),
    },
  };
}
