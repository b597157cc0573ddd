import { GraphQLError } from 'graphql';
import { badInput, type Identity, type SignatureInput, type StepRequest, type SignatureService, type SignerClient } from '@lotgraph/server';
import type { CapaEntity } from './capa.entity';
import type { CapaRepository } from './capa.repository';
import { latest, verdictOf, type CapaRecord, type CapaRecordReader } from './capa-record';
import { assertStatus } from './capa-status';
import { planContentHash } from './capa-content';
import type { CapaTransitions } from './capa-transitions';
import type { CapaEvents } from '../notification/capa-events';


/** Who wrote any part of the plan (opened the CAPA, recorded an analysis, added an action, defined a check) or owns it. */
export function planAuthors(record: CapaRecord): Set<string> {
  return new Set(
    [record.capa.createdBy, record.capa.owner, ...record.analyses.map((a) => a.recordedBy), ...record.actions.map((a) => a.createdBy), ...record.checks.map((c) => c.definedBy)].filter(
      (id): id is string => Boolean(id),
    ),
  );
}

/** What a plan needs before it can be approved; the first gap found, or null. */
export function planGap(record: CapaRecord, now: Date): { field: string; reason: string } | null {
  const { capa } = record;
  if (record.analyses.length === 0) return { field: 'rootCauseAnalysis', reason: 'no root-cause analysis is recorded' };
  const needed = capa.type === 'CORRECTIVE' ? 'CORRECTIVE' : 'PREVENTIVE';
  if (!record.actions.some((a) => a.kind === needed && a.status === 'OPEN')) {
    return { field: 'actions', reason: `a ${capa.type} CAPA's plan needs a ${needed} action still to carry out` };
  }
  const check = latest(record.checks);
  if (!check) return { field: 'effectiveness', reason: 'no effectiveness check is defined: define how the data will show the actions worked' };
  if (verdictOf(record, check.version)) {
    return { field: 'effectiveness', reason: `effectiveness check v${check.version} already FAILed; define a new one for the revised plan` };
  }
  if (check.verificationFrom && check.verificationFrom < now) {
    return { field: 'effectiveness.verificationFrom', reason: `verification starts ${check.verificationFrom.toISOString()}, before this approval: data from before the change would count; define a new check` };
  }
  if (check.verificationTo <= now) return { field: 'effectiveness.verificationTo', reason: `the verification window ends ${check.verificationTo.toISOString()}, before this approval; define a new check` };
  return null;
}

/**
 * approveCapaPlan: INVESTIGATING → PLAN_APPROVED with an e-signature of meaning APPROVED over the plan's content
 * hash, by someone who wrote no part of it (separation of duties), re-authenticated through the compliance domain.
 */
export class PlanApprovalService {
  constructor(
    private readonly capas: CapaRepository,
    private readonly records: CapaRecordReader,
    private readonly signers: SignerClient,
    private readonly signatures: SignatureService,
    private readonly transitions: CapaTransitions,
    private readonly events: CapaEvents,
  ) {}

  async approve(request: StepRequest<{ number: string; signature: SignatureInput }>): Promise<CapaEntity> {
    const { actor } = request;
    const { signature } = request.input;
    const number = request.input.number.trim();
    const capa = await this.capas.require(number);
    const label = `Capa ${number}`;
    assertStatus(number, capa.status, ['INVESTIGATING'], 'approving the plan');
    const record = await this.records.read(capa);
    this.assertApprovable(record, actor, label);
    if (signature.meaning !== 'APPROVED') throw badInput(label, 'signature.meaning', `a plan is approved with the meaning APPROVED, not ${signature.meaning}`);
    this.signatures.assertCurrent({ label: `${label} plan`, input: signature, currentContentHash: planContentHash(record) });
    const signer = await this.signers.verifySigner(request.caller, signature.password, `approve the plan of ${number}`);
    const approved = await this.capas.transaction(async (manager) => {
      const current = (await this.capas.findByNumberForUpdate(number, manager))!;
      assertStatus(number, current.status, ['INVESTIGATING'], 'approving the plan');
      const now = await this.records.read(current, manager);
      this.assertApprovable(now, actor, label);
      await this.signatures.sign(manager, {
        entityType: 'CapaPlan', entityId: number, label: `${label} plan`, input: signature, currentContentHash: planContentHash(now), signer,
        allowedRoles: ['QA_ENGINEER', 'QA_MANAGER'], requestId: request.requestId,
      });
      const at = new Date();
      return this.transitions.move(manager, current, {
        to: 'PLAN_APPROVED', actor, action: 'APPROVE_CAPA_PLAN', requestId: request.requestId, reason: signature.reason ?? null,
        set: { planApprovedAt: at, planApprovedBy: actor.id },
        changes: { planApprovedAt: { new: at }, planApprovedBy: { new: actor.id } },
        detail: `${signer.printedName} approved the plan of ${number}: ${now.actions.length} action(s), effectiveness check v${latest(now.checks)!.version}`,
      });
    });
    this.events.deliverSoon();
    return approved;
  }

  private assertApprovable(record: CapaRecord, actor: Identity, label: string): void {
    const gap = planGap(record, new Date());
    if (gap) throw badInput(label, gap.field, `the plan cannot be approved yet: ${gap.reason}`);
    if (planAuthors(record).has(actor.id)) {
      throw new GraphQLError(`${actor.id} wrote part of the plan of ${record.capa.number} and may not also approve it: the author of a plan and its approver must be different people`, {
        extensions: { code: 'SEPARATION_OF_DUTIES' },
      });
    }
  }
}
