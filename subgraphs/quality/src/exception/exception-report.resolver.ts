import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import type { QualityExceptionEntity } from './quality-exception.entity';
import type { ExceptionReportService, ReportExceptionInput } from './exception-report.service';

type Context = SubgraphContext<QualityLoaders>;

export function exceptionReportResolvers(reports: ExceptionReportService) {
  return {
    Mutation: {
      reportException: (_: unknown, args: { input: ReportExceptionInput }, ctx: Context, info: GraphQLResolveInfo) =>
        reports.report({
          input: args.input,
          actor: requireRole(ctx, declaredRoles(info), 'report quality exceptions'),
          caller: { token: ctx.token, requestId: ctx.requestId },
          requestId: ctx.requestId,
        }),
    },
    QualityException: {
      containment: (exception: QualityExceptionEntity, _: unknown, ctx: Context) => ctx.loaders.containmentByExceptionId.load(exception.id),
    },
  };
}
