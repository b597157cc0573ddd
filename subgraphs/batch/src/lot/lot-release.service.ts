import { GraphQLError } from 'graphql';
import { badInput, notFound, type AuditTrail, type GraphCaller, type Role, type SignatureInput, type SignatureService, type SignerClient } from '@lotgraph/server';
import type { LotRepository } from './lot.repository';
import type { LotEntity } from './lot.entity';
import type { LotStatusService, StatusChangeRequest } from './lot-status.service';
import type { QualityGateClient } from './quality-gate.client';
import { lotContentHash } from './lot-content';
import { guardLotTrail, requireTrailAgrees } from './lot-usage-guard';

export interface ReleaseRequest extends StatusChangeRequest {
  caller: GraphCaller;
  /** The releaser's e-signature: password again, meaning RELEASED, and the lot's contentHash as they read it. */
  signature: SignatureInput;
}

/** Who may sign a lot's release. */
export const RELEASE_SIGNERS: readonly Role[] = ['QA_ENGINEER', 'QA_MANAGER'];

function notQuarantined(lot: LotEntity): GraphQLError {
  const hint = lot.status === 'ON_HOLD' ? ': lift the hold first (unholdLot)' : '';
  return new GraphQLError(`Lot ${lot.lotNumber} is ${lot.status}: only a QUARANTINE lot can be released${hint}`, {
    extensions: { code: 'ILLEGAL_TRANSITION', lotNumber: lot.lotNumber, field: 'status', from: lot.status, to: 'RELEASED' },
  });
}

/**
 * QUARANTINE -> RELEASED, only when the quality domain says so, and signed. Before the lot's row is locked (no
 * database lock is held across an HTTP call): the signature must name the lot's current content, the quality
 * domain must find the lot releasable, and the compliance domain must accept the caller's password. Then, in one
 * transaction, the status change, its audit entry and the RELEASED signature (with its own audit entry); a lot put
 * on hold or changed meanwhile is refused then, and so is a lot whose row disagrees with its audit trail.
 */
export class LotReleaseService {
  constructor(
    private readonly lots: LotRepository,
    private readonly statuses: LotStatusService,
    private readonly quality: QualityGateClient,
    private readonly signers: SignerClient,
    private readonly signatures: SignatureService,
    private readonly audit: AuditTrail,
  ) {}

  async release(request: ReleaseRequest): Promise<LotEntity> {
    if (!request.reason.trim()) throw badInput('Lot', 'reason', `a reason is required to change the status of lot ${request.lotNumber}`);
    const { signature } = request;
    if (signature.meaning !== 'RELEASED') {
      throw badInput('Lot', 'signature.meaning', `releasing lot ${request.lotNumber} is signed with the meaning RELEASED, not ${signature.meaning}`);
    }
    const lot = await this.lots.findByLotNumber(request.lotNumber);
    if (!lot) throw notFound('Lot', 'lotNumber', request.lotNumber);
    // Releasing a released lot again (a retried request) changes nothing, signs nothing and asks no one.
    if (lot.status === 'RELEASED') return lot;
    if (lot.status !== 'QUARANTINE') throw notQuarantined(lot);
    const label = `Lot ${lot.lotNumber}`;
    this.signatures.assertCurrent({ label, input: signature, currentContentHash: lotContentHash(lot) });
    await this.quality.assertReleasable(lot.lotNumber, request.caller);
    const signer = await this.signers.verifySigner(request.caller, signature.password, `release lot ${lot.lotNumber}`);
    const input = { ...signature, reason: signature.reason ?? request.reason };
    const attempt = { reference: label, actor: request.actor, requestId: request.requestId };
    return guardLotTrail((work) => this.lots.transaction(work), this.audit, attempt, () => this.statuses.change(
      request,
      async (current, manager) => {
        await requireTrailAgrees(current, 'RELEASE', manager);
        if (current.status === 'RELEASED') return 'unchanged';
        if (current.status !== 'QUARANTINE') throw notQuarantined(current);
        return { to: 'RELEASED', statusBeforeHold: null };
      },
      async (released, manager) => {
        await this.signatures.sign(manager, {
          entityType: 'Lot',
          entityId: released.lotNumber,
          label,
          input,
          currentContentHash: lotContentHash(released),
          signer,
          allowedRoles: RELEASE_SIGNERS,
          requestId: request.requestId,
        });
      },
    ));
  }
}
