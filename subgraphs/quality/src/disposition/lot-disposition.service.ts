import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { badInput, notFound, type AuditTrail, type GraphCaller, type Identity, type SignatureInput } from '@lotgraph/server';
import type { QualityExceptionRepository } from '../exception/quality-exception.repository';
import type { QualityExceptionEntity } from '../exception/quality-exception.entity';
import type { AffectedLotEntity } from '../exception/affected-lot.entity';
import { requirePolicyRole, type ExceptionTransitions } from '../exception/exception-transition';
import type { LotLookupClient } from '../lot/lot-lookup.client';
import type { SeverityPolicies } from '../workflow/severity-policy';
import type { PolicySignatures } from '../workflow/policy-signatures';
import type { LotDispositionRepository } from './lot-disposition.repository';
import type { LotDispositionEntity } from './lot-disposition.entity';
import type { DispositionRequests } from './disposition-requests';
import { DISPOSITION_DECISIONS, dispositionContentHash, dispositionKey, type LotDispositionInput } from './disposition';

export interface DispositionRequest {
  input: LotDispositionInput;
  signature?: SignatureInput | null;
  actor: Identity;
  caller: GraphCaller;
  requestId: string | null;
}

const describe = (d: LotDispositionEntity) => `${d.decision} by ${d.decidedBy} at ${d.decidedAt.toISOString()} (“${d.reason}”)`;

/**
 * Records what is done with each affected lot of an exception under investigation: once per lot, by the roles and
 * with the signature the severity policy asks for, audited, and sent to the batch domain through the outbox in
 * the same transaction (the only way an exception's hold is lifted). The last lot's disposition moves the
 * exception to DISPOSITIONED.
 */
export class LotDispositionService {
  constructor(
    private readonly exceptions: QualityExceptionRepository,
    private readonly dispositions: LotDispositionRepository,
    private readonly lots: LotLookupClient,
    private readonly policies: SeverityPolicies,
    private readonly signatures: PolicySignatures,
    private readonly requests: DispositionRequests,
    private readonly transitions: ExceptionTransitions,
    private readonly audit: AuditTrail,
  ) {}

  async disposition(request: DispositionRequest): Promise<LotDispositionEntity> {
    const input = { ...request.input, exceptionNumber: request.input.exceptionNumber.trim(), lotNumber: request.input.lotNumber.trim(), reason: request.input.reason.trim() };
    const label = `Disposition of lot ${input.lotNumber} on ${input.exceptionNumber}`;
    if (!DISPOSITION_DECISIONS.includes(input.decision)) throw badInput(label, 'decision', `${String(input.decision)} is not a disposition (${DISPOSITION_DECISIONS.join(', ')})`);
    if (!input.reason) throw badInput(label, 'reason', 'a reason is required for a disposition');
    const exception = await this.exceptions.findByNumber(input.exceptionNumber);
    if (!exception) throw notFound('QualityException', 'number', input.exceptionNumber);
    const affected = await this.affectedLot(exception, input.lotNumber, request.caller);

    const earlier = await this.dispositions.findOne(exception.id, affected.lotId);
    if (earlier) return this.repeated(earlier, input, label);
    this.assertInvestigating(exception);
    const policy = await this.policies.forException(exception);
    requirePolicyRole(request.actor, policy.dispositionRoles, `disposition lots of ${exception.number} (${exception.severity})`);
    const contentHash = dispositionContentHash(input);
    const signer = await this.signatures.verify({
      label, needed: policy.dispositionSignature, step: `a disposition on a ${exception.severity} exception`, input: request.signature,
      currentContentHash: contentHash, caller: request.caller, purpose: `disposition lot ${input.lotNumber} on ${exception.number}`,
    });

    const saved = await this.exceptions.transaction(async (manager) => {
      const current = (await this.exceptions.findByIdForUpdate(exception.id, manager))!;
      const raced = await this.dispositions.findOne(current.id, affected.lotId, manager);
      if (raced) return this.repeated(raced, input, label);
      this.assertInvestigating(current);
      const disposition = await this.dispositions.insert(
        { exceptionId: current.id, lotId: affected.lotId, lotNumber: input.lotNumber, decision: input.decision, reason: input.reason, contentHash, decidedBy: request.actor.id, requestId: request.requestId },
        manager,
      );
      if (signer && request.signature) {
        await this.signatures.sign(manager, {
          entityType: 'LotDisposition', entityId: dispositionKey(current.number, input.lotNumber), label, input: request.signature,
          currentContentHash: contentHash, signer, allowedRoles: policy.dispositionRoles, requestId: request.requestId,
        });
      }
      // On the exception (its history shows each lot's decision) and on the disposition itself, the record its signature names.
      const decided = { lotNumber: { new: input.lotNumber }, decision: { new: input.decision } };
      await this.audit.recordMany(manager, [
        { actor: request.actor, action: 'DISPOSITION_LOT', entityType: 'QualityException', entityId: current.number, changes: decided, reason: input.reason, requestId: request.requestId },
        {
          actor: request.actor, action: 'DISPOSITION_LOT', entityType: 'LotDisposition', entityId: dispositionKey(current.number, input.lotNumber),
          changes: { exceptionNumber: { new: current.number }, ...decided }, reason: input.reason, requestId: request.requestId,
        },
      ]);
      await this.requests.request(manager, current, { lotNumber: input.lotNumber, exceptionNumber: current.number, decision: input.decision, reason: input.reason });
      await this.completeIfLast(manager, current, request);
      return disposition;
    });
    this.requests.deliverSoon();
    return saved;
  }

  /** The same disposition sent again changes nothing; a different one for a lot already decided is refused. */
  private repeated(earlier: LotDispositionEntity, input: LotDispositionInput, label: string): LotDispositionEntity {
    if (earlier.decision === input.decision && earlier.reason === input.reason) return earlier;
    throw new GraphQLError(`${label}: the lot already has its disposition, ${describe(earlier)}; a disposition is final`, {
      extensions: { code: 'ALREADY_DISPOSITIONED', field: 'lotNumber', existing: earlier.decision },
    });
  }

  private assertInvestigating(exception: QualityExceptionEntity): void {
    if (exception.status === 'INVESTIGATING') return;
    const hint = exception.status === 'OPEN' || exception.status === 'CONTAINED' ? '; its owner acknowledges it first (acknowledgeException)' : '';
    throw badInput('QualityException', 'status', `${exception.number} is ${exception.status}: lots are dispositioned only while it is INVESTIGATING${hint}`);
  }

  private async affectedLot(exception: QualityExceptionEntity, lotNumber: string, caller: GraphCaller): Promise<AffectedLotEntity> {
    const affected = await this.exceptions.findAffectedLots([exception.id]);
    let found = affected.find((lot) => lot.lotNumber === lotNumber);
    if (!found && affected.some((lot) => !lot.lotNumber)) {
      // Rows from before affected lots kept their number: ask the batch domain which lot it is.
      const lot = await this.lots.find(lotNumber, caller, `disposition a lot of ${exception.number}`);
      found = affected.find((row) => row.lotId === lot.id);
      if (found) found.lotNumber = lot.lotNumber;
    }
    if (!found) {
      const named = affected.map((lot) => lot.lotNumber).filter(Boolean).join(', ');
      throw badInput(`Disposition of lot ${lotNumber} on ${exception.number}`, 'lotNumber', `lot ${lotNumber} is not affected by ${exception.number}${named ? ` (its lots: ${named})` : ' (it has no affected lots)'}`);
    }
    return found;
  }

  private async completeIfLast(manager: EntityManager, exception: QualityExceptionEntity, request: DispositionRequest): Promise<void> {
    const affected = await this.exceptions.findAffectedLots([exception.id], manager);
    const decided = new Set((await this.dispositions.findByExceptionIds([exception.id], manager)).map((d) => d.lotId));
    if (!affected.every((lot) => decided.has(lot.lotId))) return;
    await this.transitions.move(manager, exception, {
      to: 'DISPOSITIONED', actor: request.actor, action: 'DISPOSITIONED', stamps: { dispositionedAt: new Date() }, requestId: request.requestId,
      detail: `every affected lot of ${exception.number} has its disposition`,
    });
  }
}
