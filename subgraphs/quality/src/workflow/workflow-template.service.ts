import type { EntityManager } from 'typeorm';
import { GraphQLError } from 'graphql';
import {
  badInput, contentHashOf, lockKeyUntilCommit, notFound, type AuditTrail, type GraphCaller, type Identity, type Role, type SignatureInput, type SignatureService, type SignerClient,
} from '@lotgraph/server';
import type { StoredTemplate, WorkflowTemplateRepository } from './workflow-template.repository';
import type { WorkflowTemplateSource } from './workflow-template-source';
import { BUILT_IN_TEMPLATE, type WorkflowTemplate } from './workflow-template';
import { validTemplate, type WorkflowTemplateInput } from './workflow-template-input';

export const TEMPLATE_APPROVERS: readonly Role[] = ['QA_MANAGER'];

/** What a template approval signs: every setting that governs exceptions. */
export function templateContentHash(t: WorkflowTemplate): string {
  return contentHashOf({ code: t.code, version: t.version, name: t.name, materialCodes: t.materialCodes, raiseOn: t.raiseOn, grading: t.grading, policies: t.policies });
}

/**
 * Workflow templates are change-controlled like specifications: a new version is a DRAFT until a QA manager other
 * than its author approves it with an e-signature; from then on it grades new exceptions for its materials, while
 * each exception keeps the version that graded it.
 */
export class WorkflowTemplateService implements WorkflowTemplateSource {
  /**
   * Approved versions, by `<code>/<version>`: they never change, and every exception shown (its owner roles, its
   * escalation) asks for the version that graded it, so each is read once per process.
   */
  private readonly approved = new Map<string, WorkflowTemplate>();

  constructor(
    private readonly templates: WorkflowTemplateRepository,
    private readonly signers: SignerClient,
    private readonly signatures: SignatureService,
    private readonly audit: AuditTrail,
  ) {}

  async inForceFor(materialCode: string | null, manager?: EntityManager): Promise<WorkflowTemplate> {
    return (await this.templates.inForceFor(materialCode, manager)) ?? BUILT_IN_TEMPLATE;
  }

  async version(code: string, version: number, manager?: EntityManager): Promise<WorkflowTemplate | null> {
    if (code === BUILT_IN_TEMPLATE.code) return version === BUILT_IN_TEMPLATE.version ? BUILT_IN_TEMPLATE : null;
    const key = `${code}/${version}`;
    const known = this.approved.get(key);
    if (known) return known;
    const found = await this.templates.find(code, version, manager);
    if (found?.status === 'APPROVED') this.approved.set(key, found);
    return found;
  }

  list(code?: string | null): Promise<StoredTemplate[]> {
    return this.templates.list(code);
  }

  async define(input: WorkflowTemplateInput, actor: Identity, requestId: string | null): Promise<StoredTemplate> {
    const valid = validTemplate(input);
    const label = `WorkflowTemplate ${valid.code}`;
    return this.templates.transaction(async (manager) => {
      // One definition at a time: the next version number and the material overlap are decided under it.
      await lockKeyUntilCommit(manager, 'quality.workflow-template');
      const earlier = await this.templates.versions(valid.code, manager, true);
      const draft = earlier.find((v) => v.status === 'DRAFT');
      if (draft) throw badInput(label, 'code', `version ${draft.version} of ${valid.code} is still a draft; approve it before starting another`);
      for (const other of await this.templates.latestOfOthers(valid.code, manager)) {
        if (valid.materialCodes.length === 0 && other.materialCodes.length === 0) {
          throw badInput(label, 'materialCodes', `${other.code} is already the plant default (it names no material); name the materials this template governs`);
        }
        const shared = valid.materialCodes.filter((m) => other.materialCodes.includes(m));
        if (shared.length) throw badInput(label, 'materialCodes', `${shared.join(', ')} already governed by template ${other.code}`);
      }
      const created = await this.templates.insert({ ...valid, version: (earlier.at(-1)?.version ?? 0) + 1, createdBy: actor.id }, manager);
      await this.audit.record(manager, {
        actor, action: 'DEFINE_WORKFLOW_TEMPLATE', entityType: 'WorkflowTemplate', entityId: `${created.code}/${created.version}`,
        changes: {
          name: { new: created.name }, materialCodes: { new: created.materialCodes }, raiseOn: { new: created.raiseOn },
          grading: { new: created.grading }, policies: { new: created.policies }, status: { new: 'DRAFT' },
        },
        requestId,
      });
      return created;
    });
  }

  async approve(request: { code: string; version: number; signature: SignatureInput; actor: Identity; caller: GraphCaller; requestId: string | null }): Promise<StoredTemplate> {
    const label = `WorkflowTemplate ${request.code} version ${request.version}`;
    if (request.signature.meaning !== 'APPROVED') throw badInput(label, 'signature.meaning', `approving a workflow template is signed with the meaning APPROVED, not ${request.signature.meaning}`);
    const template = await this.templates.find(request.code, request.version);
    if (!template) throw notFound('WorkflowTemplate', 'version', `${request.code}/${request.version}`);
    if (template.status === 'APPROVED') return template;
    if (template.createdBy === request.actor.id) {
      throw new GraphQLError(`${request.actor.id} authored ${label} and may not approve it: the author and the approver must be different people`, {
        extensions: { code: 'SEPARATION_OF_DUTIES' },
      });
    }
    this.signatures.assertCurrent({ label, input: request.signature, currentContentHash: templateContentHash(template) });
    const signer = await this.signers.verifySigner(request.caller, request.signature.password, `approve ${label}`);
    return this.templates.transaction(async (manager) => {
      const current = (await this.templates.versions(request.code, manager, true)).find((v) => v.version === request.version)!;
      if (current.status === 'APPROVED') return current;
      await this.signatures.sign(manager, {
        entityType: 'WorkflowTemplate', entityId: `${current.code}/${current.version}`, label, input: request.signature,
        currentContentHash: templateContentHash(current), signer, allowedRoles: TEMPLATE_APPROVERS, requestId: request.requestId,
      });
      await this.templates.approve(current.id, signer.userId, signer.verifiedAt, manager);
      await this.audit.record(manager, {
        actor: request.actor, action: 'APPROVE_WORKFLOW_TEMPLATE', entityType: 'WorkflowTemplate', entityId: `${current.code}/${current.version}`,
        changes: { status: { old: 'DRAFT', new: 'APPROVED' }, approvedBy: { new: signer.userId } },
        reason: request.signature.reason ?? null,
        requestId: request.requestId,
      });
      return { ...current, status: 'APPROVED' as const, approvedBy: signer.userId, approvedAt: signer.verifiedAt };
    });
  }
}
