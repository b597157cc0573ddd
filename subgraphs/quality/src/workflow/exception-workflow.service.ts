import { GraphQLError } from 'graphql';
import { badInput, notFound, type GraphCaller, type Identity, type SignatureInput, type VerifiedSigner } from '@lotgraph/server';
import type { EntityManager } from 'typeorm';
import type { QualityExceptionRepository } from '../exception/quality-exception.repository';
import type { QualityExceptionEntity } from '../exception/quality-exception.entity';
import { requirePolicyRole, type ExceptionTransitions } from '../exception/exception-transition';
import { exceptionContentHash } from '../exception/exception-content';
import type { LotDispositionRepository } from '../disposition/lot-disposition.repository';
import type { DispositionRequests } from '../disposition/disposition-requests';
import type { CapaLinkClient } from '../capa/capa-link.client';
import type { SeverityPolicies, SeverityPolicy } from './severity-policy';
import type { PolicySignatures } from './policy-signatures';

export interface WorkflowRequest {
  number: string;
  note?: string | null;
  signature?: SignatureInput | null;
  actor: Identity;
  caller: GraphCaller;
  requestId: string | null;
}

const note = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/**
 * The owner's steps of the exception workflow: acknowledge (→ INVESTIGATING), verify (→ VERIFIED: a second
 * person checks the dispositions, once batch has applied each) and close (→ CLOSED; a CAPA first when the policy
 * asks for one). Roles and signatures come from the exception's severity policy; each step sent twice changes
 * nothing the second time.
 */
export class ExceptionWorkflowService {
  constructor(
    private readonly exceptions: QualityExceptionRepository,
    private readonly dispositions: LotDispositionRepository,
    private readonly policies: SeverityPolicies,
    private readonly signatures: PolicySignatures,
    private readonly deliveries: DispositionRequests,
    private readonly capas: CapaLinkClient,
    private readonly transitions: ExceptionTransitions,
  ) {}

  async acknowledge(request: WorkflowRequest): Promise<QualityExceptionEntity> {
    const exception = await this.find(request.number);
    if (exception.acknowledgedAt) return exception;
    const policy = await this.policies.forException(exception);
    requirePolicyRole(request.actor, policy.ownerRoles, `acknowledge ${exception.number} (${exception.severity})`);
    return this.exceptions.transaction(async (manager) => {
      const current = (await this.exceptions.findByIdForUpdate(exception.id, manager))!;
      if (current.acknowledgedAt) return current;
      if (current.status === 'OPEN' && (await this.exceptions.findAffectedLots([current.id], manager)).length > 0) {
        throw badInput('QualityException', 'status', `${current.number} is OPEN: its lots are not all on hold yet (see containment); it is acknowledged once CONTAINED`);
      }
      return this.transitions.move(manager, current, {
        to: 'INVESTIGATING', actor: request.actor, action: 'ACKNOWLEDGE_EXCEPTION', reason: note(request.note), requestId: request.requestId,
        stamps: { acknowledgedAt: new Date(), acknowledgedBy: request.actor.id },
        detail: `${request.actor.id} acknowledged ${current.number} and is investigating it`,
      });
    });
  }

  async verify(request: WorkflowRequest): Promise<QualityExceptionEntity> {
    const exception = await this.find(request.number);
    if (exception.verifiedAt) return exception;
    const policy = await this.policies.forException(exception);
    requirePolicyRole(request.actor, policy.closeRoles, `verify ${exception.number} (${exception.severity})`);
    const lots = await this.exceptions.findAffectedLots([exception.id]);
    const nothingToDisposition = exception.status === 'INVESTIGATING' && lots.length === 0;
    if (exception.status !== 'DISPOSITIONED' && !nothingToDisposition) {
      throw badInput('QualityException', 'status', `${exception.number} is ${exception.status}: it is verified once every affected lot has its disposition (DISPOSITIONED)`);
    }
    const decided = await this.dispositions.findByExceptionIds([exception.id]);
    const deciders = [...new Set(decided.map((d) => d.decidedBy))];
    if (deciders.includes(request.actor.id)) {
      throw new GraphQLError(`${request.actor.id} dispositioned lots of ${exception.number} and may not also verify it: the verification is a second person's check`, {
        extensions: { code: 'SEPARATION_OF_DUTIES' },
      });
    }
    const pending = (await this.deliveries.forExceptions([exception.id])).map((d) => d.row).filter((d) => !d.appliedAt);
    if (pending.length) {
      const which = pending.map((d) => `${d.lotNumber} (${d.attempts} attempt(s)${d.lastError ? `, last error: ${d.lastError}` : ''})`).join('; ');
      throw badInput('QualityException', 'dispositions', `${exception.number} is verified once the batch domain has applied every disposition; not yet applied: ${which}`);
    }
    const signer = await this.sign(exception, policy, request, 'verifying');
    return this.exceptions.transaction(async (manager) => {
      let current = (await this.exceptions.findByIdForUpdate(exception.id, manager))!;
      if (current.verifiedAt) return current;
      // Under the lock: a further violation may have added lots (or the last lot been decided) since the checks.
      const lotsNow = await this.exceptions.findAffectedLots([exception.id], manager);
      if (current.status !== exception.status || lotsNow.length !== lots.length) {
        throw badInput('QualityException', 'affectedLots', `${current.number} changed while it was being verified (it is ${current.status} with ${lotsNow.length} affected lot(s)); look at it again`);
      }
      await this.recordSignature(manager, current, policy, request, signer, 'verified');
      if (nothingToDisposition) {
        current = await this.transitions.move(manager, current, {
          to: 'DISPOSITIONED', actor: request.actor, action: 'DISPOSITIONED', stamps: { dispositionedAt: new Date() }, requestId: request.requestId,
          detail: `${current.number} has no affected lots to disposition`,
        });
      }
      return this.transitions.move(manager, current, {
        to: 'VERIFIED', actor: request.actor, action: 'VERIFY_EXCEPTION', reason: note(request.note), requestId: request.requestId,
        stamps: { verifiedAt: new Date(), verifiedBy: request.actor.id },
        detail: `${request.actor.id} verified the dispositions of ${current.number}`,
      });
    });
  }

  async close(request: WorkflowRequest): Promise<QualityExceptionEntity> {
    const exception = await this.find(request.number);
    if (exception.closedAt) return exception;
    const policy = await this.policies.forException(exception);
    requirePolicyRole(request.actor, policy.closeRoles, `close ${exception.number} (${exception.severity})`);
    if (exception.status !== 'VERIFIED') throw badInput('QualityException', 'status', `${exception.number} is ${exception.status}: it is closed once VERIFIED`);
    if (policy.requiresCapa) {
      const capas = (await this.capas.capasOf(exception.number, request.caller)).filter((capa) => capa.status !== 'CANCELLED');
      if (capas.length === 0) {
        throw new GraphQLError(`QualityException ${exception.number}.capas: a ${exception.severity} exception is closed only with a linked CAPA; open one for ${exception.number} first`, {
          extensions: { code: 'CAPA_REQUIRED', field: 'capas', exceptionNumber: exception.number },
        });
      }
    }
    const signer = await this.sign(exception, policy, request, 'closing');
    return this.exceptions.transaction(async (manager) => {
      const current = (await this.exceptions.findByIdForUpdate(exception.id, manager))!;
      if (current.closedAt) return current;
      await this.recordSignature(manager, current, policy, request, signer, 'closed');
      return this.transitions.move(manager, current, {
        to: 'CLOSED', actor: request.actor, action: 'CLOSE_EXCEPTION', reason: note(request.note), requestId: request.requestId,
        stamps: { closedAt: new Date(), closedBy: request.actor.id },
        detail: `${request.actor.id} closed ${current.number}`,
      });
    });
  }

  async contentHash(exception: QualityExceptionEntity, manager?: EntityManager): Promise<string> {
    return exceptionContentHash(exception, await this.dispositions.findByExceptionIds([exception.id], manager));
  }

  private async sign(exception: QualityExceptionEntity, policy: SeverityPolicy, request: WorkflowRequest, step: string): Promise<VerifiedSigner | null> {
    return this.signatures.verify({
      label: `QualityException ${exception.number}`, needed: policy.closeSignature, step: `${step} a ${exception.severity} exception`,
      input: request.signature, currentContentHash: await this.contentHash(exception), caller: request.caller, purpose: `${step} ${exception.number}`,
    });
  }

  private async recordSignature(
    manager: EntityManager, exception: QualityExceptionEntity, policy: SeverityPolicy, request: WorkflowRequest, signer: VerifiedSigner | null, step: string,
  ): Promise<void> {
    if (!signer || !request.signature) return;
    await this.signatures.sign(manager, {
      entityType: 'QualityException', entityId: exception.number, label: `QualityException ${exception.number} (${step})`, input: request.signature,
      currentContentHash: await this.contentHash(exception, manager), signer, allowedRoles: policy.closeRoles, requestId: request.requestId,
    });
  }

  private async find(number: string): Promise<QualityExceptionEntity> {
    const exception = await this.exceptions.findByNumber(number.trim());
    if (!exception) throw notFound('QualityException', 'number', number);
    return exception;
  }
}
