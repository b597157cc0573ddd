import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { badInput, canonicalJson, notFound, type AuditTrail, type Identity, type StepRequest } from '@lotgraph/server';
import type { CapaEntity } from '../capa/capa.entity';
import type { CapaRepository } from '../capa/capa.repository';
import { required, validDueDate } from '../capa/capa-input';
import { assertStatus, type CapaStatus } from '../capa/capa-status';
import type { CapaTransitions } from '../capa/capa-transitions';
import type { CapaEvents } from '../notification/capa-events';
import { checkedEvidence, type EvidenceInput } from '../root-cause/evidence';
import type { EvidenceCheckClient } from '../root-cause/evidence-check.client';
import type { CapaActionEntity, CapaActionKind, ChangeRequest } from './capa-action.entity';
import type { CapaActionRepository } from './capa-action.repository';
import type { EquipmentCheckClient } from './change-request-check.client';

export interface CapaActionInput {
  capaNumber: string;
  kind: CapaActionKind;
  description: string;
  owner: string;
  dueOn: string;
  changeRequests?: ChangeRequest[] | null;
}

export interface CompleteCapaActionInput {
  capaNumber: string;
  sequence: number;
  evidence: string;
  evidenceLinks?: EvidenceInput[] | null;
}


/** While the plan is being made. */
const PLANNING: readonly CapaStatus[] = ['OPEN', 'INVESTIGATING'];
/** Once the plan is approved. */
const CARRYING_OUT: readonly CapaStatus[] = ['PLAN_APPROVED', 'IMPLEMENTING'];
const QA_ROLES = ['QA_ENGINEER', 'QA_MANAGER'];

/**
 * Actions of a CAPA: added to the plan with an owner, a due date and the change requests they need; completed with
 * the evidence of it by their owner or QA. Completions move the CAPA on: the first after approval to IMPLEMENTING,
 * the last to EFFECTIVENESS_CHECK.
 */
export class CapaActionService {
  constructor(
    private readonly capas: CapaRepository,
    private readonly actions: CapaActionRepository,
    private readonly evidence: EvidenceCheckClient,
    private readonly equipment: EquipmentCheckClient,
    private readonly transitions: CapaTransitions,
    private readonly events: CapaEvents,
    private readonly audit: AuditTrail,
  ) {}

  async add(request: StepRequest<CapaActionInput>): Promise<CapaActionEntity> {
    const { input, actor } = request;
    const capa = await this.capas.require(input.capaNumber);
    const label = `Capa ${capa.number}`;
    assertStatus(capa.number, capa.status, PLANNING, 'adding an action to the plan');
    const description = required(label, 'action.description', input.description);
    const owner = required(label, 'action.owner', input.owner);
    const dueOn = validDueDate(label, 'action.dueOn', input.dueOn);
    const changeRequests = (input.changeRequests ?? []).map((cr, i) => ({
      kind: cr.kind, reference: required(label, `action.changeRequests[${i}].reference`, cr.reference), description: required(label, `action.changeRequests[${i}].description`, cr.description),
    }));
    const machines = changeRequests.filter((cr) => cr.kind === 'EQUIPMENT_MAINTENANCE').map((cr) => cr.reference);
    const unknown = await this.equipment.unknown(machines, request.caller, `check the equipment of ${capa.number}'s change requests`);
    if (unknown.length) {
      const i = changeRequests.findIndex((cr) => cr.kind === 'EQUIPMENT_MAINTENANCE' && cr.reference === unknown[0]);
      throw badInput(label, `action.changeRequests[${i}].reference`, `equipment ${unknown[0]} does not exist`);
    }
    const planned = { kind: input.kind, description, owner, dueOn, changeRequests };
    return this.capas.transaction(async (manager) => {
      const current = (await this.capas.findByNumberForUpdate(capa.number, manager))!;
      assertStatus(current.number, current.status, PLANNING, 'adding an action to the plan');
      const existing = await this.actions.findByCapaIds([current.id], manager);
      const same = existing.find((a) => canonicalJson({ kind: a.kind, description: a.description, owner: a.owner, dueOn: a.dueOn, changeRequests: a.changeRequests }) === canonicalJson(planned));
      if (same) return same;
      const sequence = existing.length + 1;
      const action = await this.actions.save({ capaId: current.id, sequence, ...planned, status: 'OPEN', completionEvidenceLinks: [], createdBy: actor.id }, manager);
      await this.audit.record(manager, {
        actor, action: 'ADD_CAPA_ACTION', entityType: 'Capa', entityId: current.number,
        changes: { actionSequence: { new: sequence }, actionKind: { new: input.kind }, description: { new: description }, actionOwner: { new: owner }, actionDueOn: { new: dueOn }, changeRequests: { new: changeRequests } },
        requestId: request.requestId,
      });
      return action;
    });
  }

  async complete(request: StepRequest<CompleteCapaActionInput>): Promise<CapaActionEntity> {
    const { input, actor } = request;
    const capa = await this.capas.require(input.capaNumber);
    const label = `Capa ${capa.number}`;
    const action = await this.actions.findOne(capa.id, input.sequence);
    if (!action) throw notFound('CapaAction', 'sequence', `${capa.number}/${input.sequence}`);
    const actionLabel = `${label} action ${input.sequence}`;
    const evidenceText = required(actionLabel, 'evidence', input.evidence);
    const given = (input.evidenceLinks ?? []).map((link) => ({ kind: link.kind, id: link.id.trim() }));
    /** A completed action answers the same completion again, and refuses another. */
    const alreadyDone = (done: CapaActionEntity): CapaActionEntity => {
      const same = done.completionEvidence === evidenceText && canonicalJson(done.completionEvidenceLinks.map((l) => ({ kind: l.kind, id: l.id }))) === canonicalJson(given);
      if (same) return done;
      throw badInput(actionLabel, 'status', `it was completed by ${done.completedBy} at ${done.completedAt?.toISOString()} with other evidence; a completed action is not completed again`);
    };
    if (action.status === 'DONE') return alreadyDone(action);
    if (actor.id !== action.owner && !actor.roles.some((role) => QA_ROLES.includes(role))) {
      throw new GraphQLError(`${actor.id} may not complete action ${input.sequence} of ${capa.number}: it is ${action.owner}'s; its owner or QA (QA_ENGINEER, QA_MANAGER) completes it`, {
        extensions: { code: 'FORBIDDEN' },
      });
    }
    const allowed = action.kind === 'CORRECTION' ? [...PLANNING, ...CARRYING_OUT] : CARRYING_OUT;
    assertStatus(capa.number, capa.status, allowed, `completing a ${action.kind} action`);
    const [links] = await checkedEvidence(this.evidence, actionLabel, [{ field: 'evidenceLinks', evidence: input.evidenceLinks }], request.caller, `check the evidence of ${capa.number}'s action ${input.sequence}`);
    const result = await this.capas.transaction(async (manager) => {
      let current = (await this.capas.findByNumberForUpdate(capa.number, manager))!;
      assertStatus(current.number, current.status, allowed, `completing a ${action.kind} action`);
      const locked = (await this.actions.findByIdForUpdate(action.id, manager))!;
      if (locked.status === 'DONE') return { action: alreadyDone(locked), moved: false };
      const completedAt = new Date();
      const done = await this.actions.save({ ...locked, status: 'DONE', completionEvidence: evidenceText, completionEvidenceLinks: links, completedAt, completedBy: actor.id }, manager);
      await this.audit.record(manager, {
        actor, action: 'COMPLETE_CAPA_ACTION', entityType: 'Capa', entityId: current.number,
        changes: { actionSequence: { new: locked.sequence }, actionStatus: { old: 'OPEN', new: 'DONE' }, completionEvidence: { new: evidenceText }, completionEvidenceLinks: { new: links }, completedAt: { new: completedAt } },
        requestId: request.requestId,
      });
      const before = current.status;
      current = await this.advance(manager, current, actor, request.requestId, locked.sequence);
      return { action: done, moved: current.status !== before };
    });
    if (result.moved) this.events.deliverSoon();
    return result.action;
  }

  /** The first completion after approval starts the implementation; the last moves the CAPA to its effectiveness check. */
  private async advance(manager: EntityManager, capa: CapaEntity, actor: Identity, requestId: string | null, sequence: number): Promise<CapaEntity> {
    let current = capa;
    if (current.status === 'PLAN_APPROVED') {
      current = await this.transitions.move(manager, current, {
        to: 'IMPLEMENTING', actor, action: 'START_IMPLEMENTATION', requestId, detail: `${current.number}: action ${sequence} done; the approved plan is being carried out`,
      });
    }
    const open = (await this.actions.findByCapaIds([current.id], manager)).filter((a) => a.status !== 'DONE');
    if (current.status === 'IMPLEMENTING' && open.length === 0) {
      const at = new Date();
      current = await this.transitions.move(manager, current, {
        to: 'EFFECTIVENESS_CHECK', actor, action: 'START_EFFECTIVENESS_CHECK', requestId, set: { effectivenessStartedAt: at }, changes: { effectivenessStartedAt: { new: at } },
        detail: `${current.number}: every action is done; its effectiveness check is measuring the result`,
      });
    }
    return current;
  }
}
