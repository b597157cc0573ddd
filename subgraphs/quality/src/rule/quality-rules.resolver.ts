import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, fetchPage, isUuid, requireRole, shown, type SignatureInput, type SignatureRepository, type SubgraphContext } from '@lotgraph/server';
import { present, type QualityLoaders } from '../quality.loaders';
import type { EquipmentParameter } from '../reading/equipment-parameter.repository';
import type { EquipmentParameterService } from '../reading/equipment-parameter.service';
import type { ReadingInput, ReadingService } from '../reading/reading.service';
import type { ReadingRepository } from '../reading/reading.repository';
import { specificationContentHash, type Specification } from '../specification/specification';
import type { SpecificationService, SpecificationVersionInput } from '../specification/specification.service';
import type { QualityRuleInput, QualityRuleService } from './quality-rule.service';
import type { QualityRule, QualityRuleRepository } from './quality-rule.repository';
import { violationKey, type RuleViolation, type RuleViolationRepository, type ViolationFilter } from './rule-violation.repository';
import { spcTestOf } from './rule-kind';

type Context = SubgraphContext<QualityLoaders>;

async function spcTestOfViolation(v: RuleViolation, ctx: Context) {
  const rule = await ctx.loaders.ruleById.load(v.ruleId);
  return rule ? spcTestOf(rule.kind, rule.settings) : null;
}

export interface SpecAndRuleServices {
  catalogue: EquipmentParameterService;
  specifications: SpecificationService;
  rules: QualityRuleService;
  readings: ReadingService;
  ruleRows: QualityRuleRepository;
  readingRows: ReadingRepository;
  violations: RuleViolationRepository;
  signatures: SignatureRepository;
}

export function qualityRulesResolvers(s: SpecAndRuleServices) {
  return {
    Mutation: {
      registerEquipmentParameter: (_: unknown, args: { input: EquipmentParameter }, ctx: Context, info: GraphQLResolveInfo) =>
        s.catalogue.register(args.input, requireRole(ctx, declaredRoles(info), 'register equipment parameters'), ctx.requestId),
      createSpecificationVersion: (_: unknown, args: { input: SpecificationVersionInput }, ctx: Context, info: GraphQLResolveInfo) =>
        s.specifications.createVersion(args.input, requireRole(ctx, declaredRoles(info), 'write specifications'), ctx.requestId),
      approveSpecificationVersion: (_: unknown, args: { specNumber: string; version: number; signature: SignatureInput }, ctx: Context, info: GraphQLResolveInfo) =>
        s.specifications.approve({
          ...args,
          actor: requireRole(ctx, declaredRoles(info), 'approve specifications'),
          caller: { token: ctx.token, requestId: ctx.requestId },
          requestId: ctx.requestId,
        }),
      defineQualityRule: (_: unknown, args: { input: QualityRuleInput }, ctx: Context, info: GraphQLResolveInfo) =>
        s.rules.define(args.input, requireRole(ctx, declaredRoles(info), 'define quality rules'), ctx.requestId),
      recordReadings: async (_: unknown, args: { readings: ReadingInput[] }, ctx: Context, info: GraphQLResolveInfo) => {
        const results = await s.readings.record(args.readings, requireRole(ctx, declaredRoles(info), 'record process readings'), ctx.requestId);
        const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
        return { accepted: count('ACCEPTED'), duplicates: count('DUPLICATE'), rejected: count('REJECTED'), results };
      },
    },
    Query: {
      specifications: (_: unknown, args: { materialCode?: string | null; specNumber?: string | null }, ctx: Context, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read specifications');
        return s.specifications.list(args);
      },
      ruleViolations: (_: unknown, args: { filter?: ViolationFilter | null; first?: number | null; after?: string | null }, ctx: Context, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read rule violations');
        return fetchPage(args.first, args.after, (page) => s.violations.page(args.filter ?? {}, page.afterKey, page.limit), violationKey);
      },
      processReadings: async (_: unknown, args: { ids: string[] }, ctx: Context, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read process readings');
        return present(await ctx.loaders.readingById.loadMany(args.ids.filter(isUuid)));
      },
      qualityRules: (_: unknown, __: unknown, ctx: Context, info: GraphQLResolveInfo) => {
        requireRole(ctx, declaredRoles(info), 'read quality rules');
        return s.ruleRows.list();
      },
    },
    Specification: {
      contentHash: (spec: Specification) => specificationContentHash(spec),
      signatures: async (spec: Specification, _: unknown, ctx: Context) =>
        (await ctx.loaders.signaturesBySpecVersion.load(`${spec.specNumber}/${spec.version}`)).map((sig) => shown(sig, specificationContentHash(spec))),
    },
    ProcessReading: {
      __resolveReference: (ref: { id: string }, ctx: Context) => (isUuid(ref.id) ? ctx.loaders.readingById.load(ref.id) : null),
    },
    QualityRule: {
      test: (rule: QualityRule) => spcTestOf(rule.kind, rule.settings)?.test ?? null,
      testName: (rule: QualityRule) => spcTestOf(rule.kind, rule.settings)?.name ?? null,
    },
    RuleViolation: {
      __resolveReference: (ref: { id: string }, ctx: Context) => (isUuid(ref.id) ? ctx.loaders.violationById.load(ref.id) : null),
      rule: (v: RuleViolation, _: unknown, ctx: Context) => ctx.loaders.ruleById.load(v.ruleId),
      // A rule is defined once and never changed: its test and name are those of every violation it found.
      test: async (v: RuleViolation, _: unknown, ctx: Context) => (await spcTestOfViolation(v, ctx))?.test ?? null,
      testName: async (v: RuleViolation, _: unknown, ctx: Context) => (await spcTestOfViolation(v, ctx))?.name ?? null,
      evidence: async (v: RuleViolation, _: unknown, ctx: Context) => present(await ctx.loaders.readingById.loadMany(v.evidence)),
    },
  };
}
