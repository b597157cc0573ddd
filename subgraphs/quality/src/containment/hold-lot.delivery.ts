import type { EntityManager } from 'typeorm';
import {
  CONTAINMENT_USER,
  signToken,
  type AuditTrail,
  type GraphClient,
  type Outbox,
  type OutboxDelivery,
  type OutboxMessage,
} from '@lotgraph/server';
import type { QualityExceptionRepository } from '../exception/quality-exception.repository';
import { HOLD_LOT_TOPIC, type HoldRequest } from './containment-requests';
import { isHoldable } from '../exception/affected-lots.client';
import { noExceptionEvents, type ExceptionEvents } from '../notification/exception-events';


const HOLD_LOT = `mutation QualityContainmentHold($input: HoldLotInput!) { holdLot(input: $input) { lotNumber status } }`;

/**
 * Delivers hold requests to the batch domain through the graph, as the quality.containment system user. Holding a
 * held lot changes nothing there, so a request delivered twice (a crash before it was marked) holds once. When
 * the last hold of an exception is delivered, the exception is CONTAINED, in the transaction that marks it.
 */
export class HoldLotDelivery implements OutboxDelivery {
  constructor(
    private readonly graph: GraphClient,
    private readonly tokenSecret: string,
    private readonly exceptions: QualityExceptionRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly events: ExceptionEvents = noExceptionEvents,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    if (message.topic !== HOLD_LOT_TOPIC) throw new Error(`no delivery for outbox topic ${message.topic}`);
    const input = message.payload as unknown as HoldRequest;
    const token = signToken(CONTAINMENT_USER, this.tokenSecret, '5m');
    const response = await this.graph.query<{ holdLot: { status: string } | null }>(HOLD_LOT, { input }, { token, requestId: `outbox-${message.id}` });
    // A final lot (rejected, recalled) is contained as it is: it cannot be used.
    const status = response.data?.holdLot?.status ?? '';
    if (status !== 'ON_HOLD' && isHoldable({ status })) {
      const reason = response.errors?.map((error) => error.message).join('; ') ?? `lot is ${response.data?.holdLot?.status ?? 'not answered'}`;
      throw new Error(`holdLot ${input.lotNumber}: ${reason}`);
    }
  }

  async delivered(manager: EntityManager, message: OutboxMessage): Promise<void> {
    if (!message.subject) return;
    const exception = await this.exceptions.findByIdForUpdate(message.subject, manager);
    if (!exception || exception.status !== 'OPEN') return;
    const holds = (await this.outbox.findBySubject([exception.id], manager)).filter((m) => m.topic === HOLD_LOT_TOPIC);
    if (holds.some((hold) => hold.deliveredAt === null)) return;
    exception.status = 'CONTAINED';
    exception.containedAt = new Date();
    await this.exceptions.save(exception, manager);
    const lotNumbers = holds.map((hold) => String(hold.payload.lotNumber));
    await this.audit.record(manager, {
      actor: CONTAINMENT_USER,
      action: 'CONTAIN',
      entityType: 'QualityException',
      entityId: exception.number,
      changes: { status: { old: 'OPEN', new: 'CONTAINED' }, containedAt: { new: exception.containedAt } },
      reason: `every affected lot is on hold (${lotNumbers.join(', ')})`,
    });
    await this.events.publish(manager, { type: 'exception.status-changed', exception, previousStatus: 'OPEN', lotNumbers, detail: `Every affected lot is on hold (${lotNumbers.join(', ')})` });
  }
}
