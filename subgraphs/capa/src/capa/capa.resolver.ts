import type { GraphQLResolveInfo } from 'graphql';
import { callerOf, recordHistory, shown, stepRequest, type SignatureInput, type SubgraphContext } from '@lotgraph/server';
import { loadRecord, type CapaLoaders } from '../capa.loaders';
import type { CapaEntity, Risk } from './capa.entity';
import type { CapaFilter, CapaService } from './capa.service';
import type { CapaOpeningService, OpenCapaInput } from './capa-opening.service';
import type { PlanApprovalService } from './plan-approval.service';
import type { CapaClosingService, CloseCapaInput } from './capa-closing.service';
import { currentClosing, planContentHash, recordContentHash } from './capa-content';
import { latest } from './capa-record';
import { isFinal } from './capa-status';
import { rpn, todayUtc } from './capa-input';
import { containmentSentence } from '../source/containment-summary';
import type { ExceptionLookupClient } from '../source/exception-lookup.client';

type Context = SubgraphContext<CapaLoaders>;

export interface CapaRecordServices {
  capas: CapaService;
  opening: CapaOpeningService;
  approval: PlanApprovalService;
  closing: CapaClosingService;
  exceptions: ExceptionLookupClient;
}

const risk = (value: Risk | null) => value && { ...value, rpn: rpn(value) };

/** The CAPA record: reading it, opening, approving the plan, closing and cancelling. */
export function capaResolvers(s: CapaRecordServices) {
  return {
    Query: {
      capa: (_: unknown, args: { number: string }) => s.capas.getByNumber(args.number),
      capas: (_: unknown, args: { filter?: CapaFilter; first?: number; after?: string }) => s.capas.list(args.filter, args.first, args.after),
      capaClosureContentHash: (_: unknown, args: { input: CloseCapaInput }, ctx: Context) => s.closing.closureContentHash(args.input, callerOf(ctx)),
    },
    Mutation: {
      openCapa: (_: unknown, args: { input: OpenCapaInput }, ctx: Context, info: GraphQLResolveInfo) => s.opening.open(stepRequest(args.input, ctx, info, 'open CAPAs')),
      approveCapaPlan: (_: unknown, args: { number: string; signature: SignatureInput }, ctx: Context, info: GraphQLResolveInfo) =>
        s.approval.approve(stepRequest(args, ctx, info, 'approve CAPA plans')),
      closeCapa: (_: unknown, args: { input: CloseCapaInput; signature: SignatureInput }, ctx: Context, info: GraphQLResolveInfo) =>
        s.closing.close({ ...stepRequest(args.input, ctx, info, 'close CAPAs'), signature: args.signature }),
      cancelCapa: (_: unknown, args: { number: string; reason: string }, ctx: Context, info: GraphQLResolveInfo) => s.closing.cancel(stepRequest(args, ctx, info, 'cancel CAPAs')),
    },
    Capa: {
      __resolveReference: (ref: { id?: string; number?: string }, ctx: Context) => (ref.id ? ctx.loaders.capaById.load(ref.id) : ctx.loaders.capaByNumber.load(ref.number!)),
      sources: (capa: CapaEntity, _: unknown, ctx: Context) => ctx.loaders.sourcesByCapaId.load(capa.id),
      exceptions: async (capa: CapaEntity, _: unknown, ctx: Context) =>
        (await ctx.loaders.sourcesByCapaId.load(capa.id)).flatMap((source) => (source.exceptionId ? [{ __typename: 'QualityException', id: source.exceptionId }] : [])),
      exception: async (capa: CapaEntity, _: unknown, ctx: Context) => {
        const first = (await ctx.loaders.sourcesByCapaId.load(capa.id)).find((source) => source.exceptionId);
        return first ? { __typename: 'QualityException', id: first.exceptionId } : null;
      },
      riskBefore: (capa: CapaEntity) => risk(capa.riskBefore),
      riskAfter: (capa: CapaEntity) => risk(capa.riskAfter),
      containmentSummary: async (capa: CapaEntity, _: unknown, ctx: Context) => {
        const numbers = (await ctx.loaders.sourcesByCapaId.load(capa.id)).flatMap((source) => (source.exceptionNumber ? [source.exceptionNumber] : []));
        const found = await Promise.all(numbers.map((number) => s.exceptions.findOne(number, callerOf(ctx))));
        return numbers.map((number, i) => (found[i] ? containmentSentence(found[i]!) : `${number}: no longer found in the quality domain`));
      },
      overdue: (capa: CapaEntity) => !isFinal(capa.status) && capa.dueOn !== null && capa.dueOn < todayUtc(),
      rootCauseAnalysis: async (capa: CapaEntity, _: unknown, ctx: Context) => latest(await ctx.loaders.analysesByCapaId.load(capa.id)),
      rootCauseAnalyses: (capa: CapaEntity, _: unknown, ctx: Context) => ctx.loaders.analysesByCapaId.load(capa.id),
      actions: (capa: CapaEntity, _: unknown, ctx: Context) => ctx.loaders.actionsByCapaId.load(capa.id),
      planContentHash: async (capa: CapaEntity, _: unknown, ctx: Context) => planContentHash(await loadRecord(ctx.loaders, capa)),
      contentHash: async (capa: CapaEntity, _: unknown, ctx: Context) => {
        const record = await loadRecord(ctx.loaders, capa);
        return recordContentHash(record, currentClosing(record));
      },
      signatures: async (capa: CapaEntity, _: unknown, ctx: Context) => {
        const record = await loadRecord(ctx.loaders, capa);
        const [plan, closing] = await Promise.all([ctx.loaders.signaturesByEntity.load(`CapaPlan:${capa.number}`), ctx.loaders.signaturesByEntity.load(`Capa:${capa.number}`)]);
        return [...plan.map((sig) => shown(sig, planContentHash(record))), ...closing.map((sig) => shown(sig, recordContentHash(record, currentClosing(record))))].sort(
          (a, b) => a.signedAt.getTime() - b.signedAt.getTime(),
        );
      },
      history: (capa: CapaEntity, _: unknown, ctx: Context) => Promise.all([recordHistory(ctx.loaders.history, 'Capa', capa.number), recordHistory(ctx.loaders.history, 'CapaPlan', capa.number)]).then(
        ([entries, plan]) => [...entries, ...plan].sort((a, b) => a.seq - b.seq),
      ),
    },
    QualityException: {
      capas: (exception: { id: string }, _: unknown, ctx: Context) => ctx.loaders.capasByExceptionId.load(exception.id),
    },
  };
}
