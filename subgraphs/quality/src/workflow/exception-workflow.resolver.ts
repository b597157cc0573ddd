import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, shown, type SignatureInput, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import type { QualityExceptionEntity } from '../exception/quality-exception.entity';
import type { AffectedLotEntity } from '../exception/affected-lot.entity';
import type { LotDispositionEntity } from '../disposition/lot-disposition.entity';
import type { LotDispositionService } from '../disposition/lot-disposition.service';
import { dispositionContentHash, dispositionKey, type LotDispositionInput } from '../disposition/disposition';
import { exceptionContentHash } from '../exception/exception-content';
import type { ExceptionWorkflowService } from './exception-workflow.service';

type Context = SubgraphContext<QualityLoaders>;
type StepArgs = { number: string; note?: string | null; signature?: SignatureInput | null };

/** acknowledgeException, dispositionLot, verifyException, closeException, and what they leave on the exception. */
export function exceptionWorkflowResolvers(workflow: ExceptionWorkflowService, dispositions: LotDispositionService) {
  const step = (args: StepArgs, ctx: Context, info: GraphQLResolveInfo, action: string) => ({
    number: args.number,
    note: args.note,
    signature: args.signature,
    actor: requireRole(ctx, declaredRoles(info), action),
    caller: { token: ctx.token, requestId: ctx.requestId },
    requestId: ctx.requestId,
  });
  const dispositionsOf = async (exception: QualityExceptionEntity, ctx: Context) => ctx.loaders.dispositionsByExceptionId.load(exception.id);
  return {
    Query: {
      dispositionContentHash: (_: unknown, args: { input: LotDispositionInput }) => dispositionContentHash(args.input),
    },
    Mutation: {
      acknowledgeException: (_: unknown, args: StepArgs, ctx: Context, info: GraphQLResolveInfo) => workflow.acknowledge(step(args, ctx, info, 'acknowledge exceptions')),
      verifyException: (_: unknown, args: StepArgs, ctx: Context, info: GraphQLResolveInfo) => workflow.verify(step(args, ctx, info, 'verify exceptions')),
      closeException: (_: unknown, args: StepArgs, ctx: Context, info: GraphQLResolveInfo) => workflow.close(step(args, ctx, info, 'close exceptions')),
      dispositionLot: (_: unknown, args: { input: LotDispositionInput; signature?: SignatureInput | null }, ctx: Context, info: GraphQLResolveInfo) =>
        dispositions.disposition({
          input: args.input,
          signature: args.signature,
          actor: requireRole(ctx, declaredRoles(info), 'disposition lots'),
          caller: { token: ctx.token, requestId: ctx.requestId },
          requestId: ctx.requestId,
        }),
    },
    QualityException: {
      dispositions: (exception: QualityExceptionEntity, _: unknown, ctx: Context) => dispositionsOf(exception, ctx),
      contentHash: async (exception: QualityExceptionEntity, _: unknown, ctx: Context) => exceptionContentHash(exception, await dispositionsOf(exception, ctx)),
      signatures: async (exception: QualityExceptionEntity, _: unknown, ctx: Context) => {
        const hash = exceptionContentHash(exception, await dispositionsOf(exception, ctx));
        return (await ctx.loaders.signaturesByEntity.load(`QualityException:${exception.number}`)).map((s) => shown(s, hash));
      },
    },
    AffectedLot: {
      lotNumber: (affected: AffectedLotEntity) => affected.lotNumber ?? null,
      disposition: async (affected: AffectedLotEntity, _: unknown, ctx: Context) =>
        (await ctx.loaders.dispositionsByExceptionId.load(affected.exceptionId)).find((d) => d.lotId === affected.lotId) ?? null,
    },
    LotDisposition: {
      lot: (disposition: LotDispositionEntity) => ({ __typename: 'Lot', id: disposition.lotId }),
      exception: (disposition: LotDispositionEntity, _: unknown, ctx: Context) => ctx.loaders.exceptionById.load(disposition.exceptionId),
      signatures: async (disposition: LotDispositionEntity, _: unknown, ctx: Context) => {
        const exception = await ctx.loaders.exceptionById.load(disposition.exceptionId);
        const key = `LotDisposition:${dispositionKey(exception!.number, disposition.lotNumber)}`;
        return (await ctx.loaders.signaturesByEntity.load(key)).map((s) => shown(s, disposition.contentHash));
      },
      appliedAt: async (disposition: LotDispositionEntity, _: unknown, ctx: Context) =>
        (await ctx.loaders.dispositionDeliveriesByExceptionId.load(disposition.exceptionId)).find((d) => d.lotNumber === disposition.lotNumber)?.appliedAt ?? null,
      deliveryError: async (disposition: LotDispositionEntity, _: unknown, ctx: Context) =>
        (await ctx.loaders.dispositionDeliveriesByExceptionId.load(disposition.exceptionId)).find((d) => d.lotNumber === disposition.lotNumber)?.lastError ?? null,
    },
  };
}
