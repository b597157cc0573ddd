import { badInput, type GraphCaller, type SignatureInput, type StepRequest, type SignatureService, type SignerClient } from '@lotgraph/server';
import type { CapaEntity, Risk } from './capa.entity';
import type { CapaRepository } from './capa.repository';
import type { CapaRecord, CapaRecordReader } from './capa-record';
import { assertStatus, isFinal } from './capa-status';
import { closingWith, recordContentHash } from './capa-content';
import { required, validRisk } from './capa-input';
import type { CapaTransitions } from './capa-transitions';
import type { CapaEvents } from '../notification/capa-events';
import type { EffectivenessEvaluator, Evaluation } from '../effectiveness/effectiveness-evaluator';
import type { EffectivenessCheckRepository } from '../effectiveness/effectiveness-check.repository';

export interface CloseCapaInput {
  number: string;
  riskAfter: Risk;
  summary: string;
}


/** A closing request checked: the CAPA ready to close, its PASS, and what the closing signature binds. */
interface CheckedClosing {
  capa: CapaEntity;
  label: string;
  riskAfter: Risk;
  summary: string;
  evaluation: Evaluation;
  contentHash: (record: CapaRecord) => string;
}

const CLOSING_MEANINGS = ['APPROVED', 'VERIFIED'];

/**
 * closeCapa (EFFECTIVENESS_CHECK → CLOSED, on a PASS, signed by a QA manager; the verdict is kept with the CAPA)
 * and cancelCapa (anything not closed → CANCELLED, with the reason).
 */
export class CapaClosingService {
  constructor(
    private readonly capas: CapaRepository,
    private readonly records: CapaRecordReader,
    private readonly checks: EffectivenessCheckRepository,
    private readonly evaluator: EffectivenessEvaluator,
    private readonly signers: SignerClient,
    private readonly signatures: SignatureService,
    private readonly transitions: CapaTransitions,
    private readonly events: CapaEvents,
  ) {}

  /** The hash closing with this input signs: the record with the PASS it closes on (its value), risk and summary. */
  async closureContentHash(input: CloseCapaInput, caller: GraphCaller): Promise<string> {
    const closing = await this.check(input, caller);
    return closing.contentHash(await this.records.read(closing.capa));
  }

  async close(request: StepRequest<CloseCapaInput> & { signature: SignatureInput }): Promise<CapaEntity> {
    const { actor, signature } = request;
    const closing = await this.check(request.input, request.caller);
    const { capa, label, evaluation } = closing;
    if (!CLOSING_MEANINGS.includes(signature.meaning)) throw badInput(label, 'signature.meaning', `a CAPA is closed with the meaning APPROVED or VERIFIED, not ${signature.meaning}`);
    this.signatures.assertCurrent({ label, input: signature, currentContentHash: closing.contentHash(await this.records.read(capa)) });
    const signer = await this.signers.verifySigner(request.caller, signature.password, `close ${capa.number}`);
    const closed = await this.capas.transaction(async (manager) => {
      const current = (await this.capas.findByNumberForUpdate(capa.number, manager))!;
      assertStatus(current.number, current.status, ['EFFECTIVENESS_CHECK'], 'closing');
      await this.signatures.sign(manager, {
        entityType: 'Capa', entityId: current.number, label, input: signature, currentContentHash: closing.contentHash(await this.records.read(current, manager)), signer,
        allowedRoles: ['QA_MANAGER'], requestId: request.requestId,
      });
      const at = new Date();
      await this.checks.keepVerdict(current.id, evaluation.result, manager);
      return this.transitions.move(manager, current, {
        to: 'CLOSED', actor, action: 'CLOSE_CAPA', requestId: request.requestId, reason: signature.reason ?? null,
        set: { riskAfter: closing.riskAfter, closingSummary: closing.summary, closedAt: at, closedBy: actor.id },
        changes: { riskAfter: { new: closing.riskAfter }, closingSummary: { new: closing.summary }, effectivenessResult: { new: evaluation.result }, closedAt: { new: at }, closedBy: { new: actor.id } },
        detail: `${signer.printedName} closed ${current.number}: effectiveness ${evaluation.result.detail}`,
      });
    });
    this.events.deliverSoon();
    return closed;
  }

  async cancel(request: StepRequest<{ number: string; reason: string }>): Promise<CapaEntity> {
    const { actor } = request;
    const capa = await this.capas.require(request.input.number);
    const label = `Capa ${capa.number}`;
    const reason = required(label, 'reason', request.input.reason);
    if (capa.status === 'CANCELLED' && capa.cancelReason === reason) return capa;
    if (isFinal(capa.status)) throw badInput(label, 'status', `it is ${capa.status}; only a CAPA not closed or cancelled is cancelled`);
    const cancelled = await this.capas.transaction(async (manager) => {
      const current = (await this.capas.findByNumberForUpdate(capa.number, manager))!;
      if (isFinal(current.status)) throw badInput(label, 'status', `it is ${current.status}; only a CAPA not closed or cancelled is cancelled`);
      const at = new Date();
      return this.transitions.move(manager, current, {
        to: 'CANCELLED', actor, action: 'CANCEL_CAPA', requestId: request.requestId, reason,
        set: { cancelledAt: at, cancelledBy: actor.id, cancelReason: reason },
        changes: { cancelReason: { new: reason }, cancelledAt: { new: at }, cancelledBy: { new: actor.id } },
        detail: `${actor.id} cancelled ${capa.number}: ${reason}`,
      });
    });
    this.events.deliverSoon();
    return cancelled;
  }

  /** The CAPA is in its effectiveness check and the check PASSes now; refused otherwise, saying why. */
  private async check(input: CloseCapaInput, caller: GraphCaller): Promise<CheckedClosing> {
    const capa = await this.capas.require(input.number);
    const label = `Capa ${capa.number}`;
    const riskAfter = validRisk(label, 'riskAfter', input.riskAfter);
    const summary = required(label, 'summary', input.summary);
    assertStatus(capa.number, capa.status, ['EFFECTIVENESS_CHECK'], 'closing');
    const evaluation = await this.evaluator.evaluate(await this.records.read(capa), caller);
    if (evaluation?.result.status !== 'PASS') {
      throw badInput(label, 'effectiveness', `a CAPA is closed only when its effectiveness check PASSes; it is ${evaluation ? `${evaluation.result.status}: ${evaluation.result.detail}` : 'not defined'}`);
    }
    const closing = closingWith(riskAfter, summary, evaluation.result);
    return { capa, label, riskAfter, summary, evaluation, contentHash: (record) => recordContentHash(record, closing) };
  }
}
