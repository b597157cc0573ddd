import type { SubgraphContext } from '@lotgraph/server';
import { present, type QualityLoaders } from '../quality.loaders';
import type { QualityExceptionEntity } from './quality-exception.entity';
import type { AffectedLotEntity } from './affected-lot.entity';
import type { ExceptionFilter, QualityExceptionService } from './quality-exception.service';
import type { SeverityPolicies } from '../workflow/severity-policy';
import { isOpen } from './exception-status';

type Context = SubgraphContext<QualityLoaders>;

export function qualityExceptionResolvers(exceptions: QualityExceptionService, policies: SeverityPolicies) {
  return {
    Query: {
      exception: (_: unknown, args: { number: string }) => exceptions.getByNumber(args.number),
      exceptions: (_: unknown, args: { filter?: ExceptionFilter; first?: number; after?: string }) =>
        exceptions.list(args.filter, args.first, args.after),
    },
    QualityException: {
      __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.exceptionById.load(ref.id),
      equipment: (exception: QualityExceptionEntity) =>
        exception.equipmentId ? { __typename: 'Equipment', id: exception.equipmentId } : null,
      affectedLots: (exception: QualityExceptionEntity, _: unknown, ctx: Context) =>
        ctx.loaders.affectedLotsByExceptionId.load(exception.id),
      violations: async (exception: QualityExceptionEntity, _: unknown, ctx: Context) => {
        const ids = await ctx.loaders.violationIdsByExceptionId.load(exception.id);
        return present(await ctx.loaders.violationById.loadMany(ids));
      },
      workflowTemplate: (exception: QualityExceptionEntity) =>
        exception.templateCode !== null ? `${exception.templateCode}/${exception.templateVersion}` : null,
      ownerRoles: async (exception: QualityExceptionEntity) => (await policies.forException(exception)).ownerRoles,
      overdue: (exception: QualityExceptionEntity) => isOpen(exception.status) && exception.dueAt !== null && exception.dueAt.getTime() < Date.now(),
    },
    AffectedLot: {
      lot: (affected: AffectedLotEntity) => ({ __typename: 'Lot', id: affected.lotId }),
    },
    Lot: {
      exceptions: (lot: { id: string }, _: unknown, ctx: Context) => ctx.loaders.exceptionsByLotId.load(lot.id),
    },
  };
}
