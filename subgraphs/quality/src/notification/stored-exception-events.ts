import type { EntityManager } from 'typeorm';
import { lockKeyUntilCommit, type Outbox } from '@lotgraph/server';
import type { ExceptionEvent, ExceptionEvents } from './exception-events';
import type { ExceptionEventRepository, StoredCapaEvent, StoredEvent } from './exception-event.repository';
import type { WebhookEndpointRepository } from './webhook-endpoint.repository';
import type { AfterCommit } from './after-commit';
import { summarize } from './exception-summary';
import { capaSummary, type CapaEvent } from './capa-summary';
import { WEBHOOK_TOPIC, webhookKey, type WebhookRequest } from './webhook-request';

/**
 * The ExceptionEvents the quality domain runs with: each event is appended to quality.exception_event and, for
 * each enabled webhook subscribed to its type, one delivery is put in the outbox, all in the caller's
 * transaction: an event is told if and only if its change committed. CAPA events the capa domain publishes go
 * the same way.
 */
export class StoredExceptionEvents implements ExceptionEvents {
  constructor(
    private readonly log: ExceptionEventRepository,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly outbox: Outbox,
    private readonly afterCommit: AfterCommit,
    private readonly publicUrl?: string,
  ) {}

  async publish(manager: EntityManager, event: ExceptionEvent): Promise<void> {
    await this.takeTurn(manager);
    await this.tell(manager, await this.log.append(manager, { type: event.type, exceptionNumber: event.exception.number, exception: summarize(event, this.publicUrl) }));
  }

  /** Appends a CAPA event (after its audit entry, as for exceptions) and asks for its webhook deliveries. */
  async publishCapa(manager: EntityManager, event: CapaEvent): Promise<StoredCapaEvent> {
    await this.takeTurn(manager);
    const stored = await this.log.appendCapa(manager, { type: event.type, eventKey: event.eventKey, capa: capaSummary(event, this.publicUrl), detail: event.detail });
    await this.tell(manager, stored);
    return stored;
  }

  /**
   * One publisher at a time until it commits: event ids become visible in increasing order, so a stream
   * resuming after id N never skips an event whose transaction committed late. Publish after the change's
   * audit entry: every writer takes the audit trail's lock before this one, so two never wait on each other.
   */
  private takeTurn(manager: EntityManager): Promise<void> {
    return lockKeyUntilCommit(manager, 'quality.exception-event');
  }

  private async tell(manager: EntityManager, stored: StoredEvent): Promise<void> {
    for (const endpoint of await this.endpoints.findEnabledFor(stored.type, manager)) {
      const request: WebhookRequest = {
        endpointId: endpoint.id, endpointName: endpoint.name, eventId: stored.id, type: stored.type, exceptionNumber: stored.exceptionNumber, capaNumber: stored.capaNumber,
      };
      await this.outbox.enqueue(manager, { topic: WEBHOOK_TOPIC, key: webhookKey(endpoint.id, stored.id), subject: endpoint.id, payload: { ...request } });
    }
    this.afterCommit.watch(manager);
  }
}
