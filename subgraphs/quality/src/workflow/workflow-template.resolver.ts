import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, shown, type SignatureInput, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import type { Severity } from '../exception/quality-exception.entity';
import type { StoredTemplate } from './workflow-template.repository';
import { templateContentHash, type WorkflowTemplateService } from './workflow-template.service';
import type { WorkflowTemplateInput } from './workflow-template-input';

type Context = SubgraphContext<QualityLoaders>;

const SEVERITY_ORDER: Severity[] = ['CRITICAL', 'MAJOR', 'MINOR'];

export function workflowTemplateResolvers(templates: WorkflowTemplateService) {
  return {
    Query: {
      workflowTemplates: (_: unknown, args: { code?: string | null }) => templates.list(args.code),
      workflowTemplateInForce: (_: unknown, args: { materialCode?: string | null }) => templates.inForceFor(args.materialCode ?? null),
    },
    Mutation: {
      defineWorkflowTemplate: (_: unknown, args: { input: WorkflowTemplateInput }, ctx: Context, info: GraphQLResolveInfo) =>
        templates.define(args.input, requireRole(ctx, declaredRoles(info), 'define workflow templates'), ctx.requestId),
      approveWorkflowTemplate: (_: unknown, args: { code: string; version: number; signature: SignatureInput }, ctx: Context, info: GraphQLResolveInfo) =>
        templates.approve({
          ...args,
          actor: requireRole(ctx, declaredRoles(info), 'approve workflow templates'),
          caller: { token: ctx.token, requestId: ctx.requestId },
          requestId: ctx.requestId,
        }),
    },
    WorkflowTemplate: {
      status: (t: Partial<StoredTemplate>) => t.status ?? 'APPROVED',
      policies: (t: StoredTemplate) => SEVERITY_ORDER.map((severity) => ({ severity, ...t.policies[severity] })),
      contentHash: (t: StoredTemplate) => templateContentHash(t),
      signatures: async (t: StoredTemplate, _: unknown, ctx: Context) =>
        t.version === 0 ? [] : (await ctx.loaders.signaturesByTemplateVersion.load(`${t.code}/${t.version}`)).map((sig) => shown(sig, templateContentHash(t))),
    },
  };
}
