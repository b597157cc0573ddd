import { badInput, notFound, type GraphCaller, type Identity, type SignatureInput, type SignatureService, type SignerClient } from '@lotgraph/server';
import type { CapaEntity, Risk } from './capa.entity';
import type { CapaRepository } from './capa.repository';
import type { CapaRecordReader } from './capa-record';
import { assertStatus, isFinal } from './capa-status';
import { closingWith, recordContentHash } from './capa-content';
import { required, validRisk } from './capa-input';
import type { CapaTransitions } from './capa-transitions';
import type { CapaEvents } from '../notification/capa-events';
import type { EffectivenessEvaluator } from '../effectiveness/effectiveness-evaluator';
import type { EffectivenessCheckRepository } from '../effectiveness/effectiveness-check.repository';

export interface CloseCapaInput {
  number: string;
  riskAfter: Risk;
  summary: string;
}

export interface CapaStepRequest<T> {
  input: T;
  actor: Identity;
  caller: GraphCaller;
  requestId: string | null;
}

const CLOSING_MEANINGS = ['APPROVED', 'VERIFIED'];

/**
 * closeCapa (EFFECTIVENESS_CHECK → CLOSED, on a PASS, signed by a QA manager; the result is kept with the CAPA)
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

  /** The hash closing with this input signs. */
  async closureContentHash(input: CloseCapaInput): Promise<string> {
    const { capa, riskAfter, summary } = await this.closing(input);
    return recordContentHash(await this.records.read(capa), closingWith(riskAfter, summary));
  }

  async close(request: CapaStepRequest<CloseCapaInput> & { signature: SignatureInput }): Promise<CapaEntity> {
    const { actor, signature } = request;
    const { capa, riskAfter, summary, label } = await this.closing(request.input);
    assertStatus(capa.number, capa.status, ['EFFECTIVENESS_CHECK'], 'closing');
    if (!CLOSING_MEANINGS.includes(signature.meaning)) throw badInput(label, 'signature.meaning', `a CAPA is closed with the meaning APPROVED or VERIFIED, not ${signature.meaning}`);
    const evaluation = await this.evaluator.evaluate(await this.records.read(capa), request.caller);
    if (evaluation?.result.status !== 'PASS') {
      throw badInput(label, 'effectiveness', `a CAPA is closed only when its effectiveness check PASSes; it is ${evaluation ? `${evaluation.result.status}: ${evaluation.result.detail}` : 'not defined'}`);
    }
    const closing = closingWith(riskAfter, summary);
    this.signatures.assertCurrent({ label, input: signature, currentContentHash: recordContentHash(await this.records.read(capa), closing) });
    const signer = await this.signers.verifySigner(request.caller, signature.password, `close ${capa.number}`);
    const closed = await this.capas.transaction(async (manager) => {
      const current = (await this.capas.findByNumberForUpdate(capa.number, manager))!;
      assertStatus(current.number, current.status, ['EFFECTIVENESS_CHECK'], 'closing');
      await this.signatures.sign(manager, {
        entityType: 'Capa', entityId: current.number, label, input: signature, currentContentHash: recordContentHash(await this.records.read(current, manager), closing), signer,
        allowedRoles: ['QA_MANAGER'], requestId: request.requestId,
      });
      const at = new Date();
      await this.checks.keepVerdict(current.id, evaluation.result, manager);
      return this.transitions.move(manager, current, {
        to: 'CLOSED', actor, action: 'CLOSE_CAPA', requestId: request.requestId, reason: signature.reason ?? null,
        set: { riskAfter, closingSummary: summary, closedAt: at, closedBy: actor.id },
        changes: { riskAfter: { new: riskAfter }, closingSummary: { new: summary }, effectivenessResult: { new: evaluation.result }, closedAt: { new: at }, closedBy: { new: actor.id } },
        detail: `${signer.printedName} closed ${current.number}: effectiveness ${evaluation.result.detail}`,
      });
    });
    this.events.deliverSoon();
    return closed;
  }

  async cancel(request: CapaStepRequest<{ number: string; reason: string }>): Promise<CapaEntity> {
    const { actor } = request;
    const number = request.input.number.trim();
    const capa = await this.capas.findByNumber(number);
    if (!capa) throw notFound('Capa', 'number', number);
    const reason = required(`Capa ${number}`, 'reason', request.input.reason);
    if (capa.status === 'CANCELLED' && capa.cancelReason === reason) return capa;
    if (isFinal(capa.status)) throw badInput(`Capa ${number}`, 'status', `it is ${capa.status}; only a CAPA not closed or cancelled is cancelled`);
    const cancelled = await this.capas.transaction(async (manager) => {
      const current = (await this.capas.findByNumberForUpdate(number, manager))!;
      const at = new Date();
      return this.transitions.move(manager, current, {
        to: 'CANCELLED', actor, action: 'CANCEL_CAPA', requestId: request.requestId, reason,
        set: { cancelledAt: at, cancelledBy: actor.id, cancelReason: reason },
        changes: { cancelReason: { new: reason }, cancelledAt: { new: at }, cancelledBy: { new: actor.id } },
        detail: `${actor.id} cancelled ${number}: ${reason}`,
      });
    });
    this.events.deliverSoon();
    return cancelled;
  }

  private async closing(input: CloseCapaInput): Promise<{ capa: CapaEntity; riskAfter: Risk; summary: string; label: string }> {
    const number = input.number.trim();
    const capa = await this.capas.findByNumber(number);
    if (!capa) throw notFound('Capa', 'number', number);
    const label = `Capa ${number}`;
    return { capa, label, riskAfter: validRisk(label, 'riskAfter', input.riskAfter), summary: required(label, 'summary', input.summary) };
  }
}
