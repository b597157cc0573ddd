import type { GraphQLResolveInfo } from 'graphql';
import { callerOf, stepRequest, type SubgraphContext } from '@lotgraph/server';
import { loadRecord, type CapaLoaders } from '../capa.loaders';
import type { CapaEntity } from '../capa/capa.entity';
import type { EffectivenessCheckEntity } from './effectiveness-check.entity';
import { describeMetric } from './effectiveness-metric';
import type { EffectivenessResult } from './effectiveness-result';
import type { EffectivenessEvaluator } from './effectiveness-evaluator';
import type { EffectivenessCheckInput, EffectivenessService } from './effectiveness.service';

type Context = SubgraphContext<CapaLoaders>;

/** An Effectiveness as the graph shows it: the check's definition and a result. */
function shownCheck(check: EffectivenessCheckEntity, result: EffectivenessResult, verificationFrom: Date | null) {
  return {
    ...check,
    verificationFrom,
    metric: { ...check.metric, description: describeMetric(check.metric) },
    status: result.status,
    detail: result.detail,
    verificationValue: result.verificationValue,
    verificationSampleSize: result.verificationSampleSize,
    evaluatedAt: result.evaluatedAt,
  };
}

export function effectivenessResolvers(effectiveness: EffectivenessService, evaluator: EffectivenessEvaluator) {
  /** The CAPA's check in force, evaluated once per request (it asks the quality domain through the graph, as the caller). */
  const evaluate = (capa: CapaEntity, ctx: Context) => {
    let evaluation = ctx.loaders.evaluations.get(capa.id);
    if (!evaluation) {
      evaluation = loadRecord(ctx.loaders, capa).then((record) => evaluator.evaluate(record, callerOf(ctx)));
      ctx.loaders.evaluations.set(capa.id, evaluation);
    }
    return evaluation;
  };
  return {
    Mutation: {
      defineEffectivenessCheck: (_: unknown, args: { input: EffectivenessCheckInput }, ctx: Context, info: GraphQLResolveInfo) =>
        effectiveness.define(stepRequest(args.input, ctx, info, 'define effectiveness checks')),
    },
    Capa: {
      effectiveness: async (capa: CapaEntity, _: unknown, ctx: Context) => {
        const evaluation = await evaluate(capa, ctx);
        return evaluation && shownCheck(evaluation.check, evaluation.result, evaluation.verificationFrom);
      },
      effectivenessChecks: async (capa: CapaEntity, _: unknown, ctx: Context) => {
        const [checks, verdicts] = await Promise.all([ctx.loaders.checksByCapaId.load(capa.id), ctx.loaders.verdictsByCapaId.load(capa.id)]);
        const last = checks[checks.length - 1];
        const evaluation = last ? await evaluate(capa, ctx) : null;
        return checks.map((check) => {
          if (check === last && evaluation) return shownCheck(check, evaluation.result, evaluation.verificationFrom);
          const kept = verdicts.find((v) => v.version === check.version)?.result ?? null;
          const superseded: EffectivenessResult = {
            version: check.version, status: 'PENDING', verificationValue: null, verificationSampleSize: null, evaluatedAt: check.definedAt.toISOString(),
            detail: `superseded by version ${last.version} before it was judged`,
          };
          return shownCheck(check, kept ?? superseded, check.verificationFrom);
        });
      },
    },
  };
}
