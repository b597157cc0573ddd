import { GraphQLError } from 'graphql';
import { CAPA_NOTIFIER_USER, badInput, lockKeyUntilCommit, type AuditTrail, type Identity } from '@lotgraph/server';
import type { QualityExceptionRepository } from '../exception/quality-exception.repository';
import type { ExceptionEventRepository, StoredCapaEvent } from './exception-event.repository';
import type { StoredExceptionEvents } from './stored-exception-events';
import type { CapaEvent } from './capa-summary';
import { validateCapaEventInput, type CapaEventInput } from './capa-event-input';

/** The fields of a kept event that differ from those of the event published again under its key. */
function differing(kept: StoredCapaEvent, event: CapaEvent): string[] {
  const action = (a: CapaEvent['capa']['action']) => JSON.stringify(a && [a.sequence, a.description, a.owner, a.dueOn]);
  const fields: Array<[string, boolean]> = [
    ['type', kept.type !== event.type],
    ['capaNumber', kept.capaNumber !== event.capa.number],
    ['title', kept.capa.title !== event.capa.title],
    ['status', kept.capa.status !== event.capa.status],
    ['previousStatus', kept.capa.previousStatus !== event.capa.previousStatus],
    ['exceptionNumbers', kept.capa.exceptionNumbers.join('\n') !== event.capa.exceptionNumbers.join('\n')],
    ['detail', kept.detail !== event.detail],
    ['action', action(kept.capa.action) !== action(event.capa.action)],
  ];
  return fields.filter(([, differs]) => differs).map(([field]) => field);
}

/**
 * CAPA events the capa domain tells from its outbox: kept once per event key in the exception event log,
 * audited, and sent on to webhooks and the live stream in the same transaction. Only the capa domain's notifier
 * publishes them: they are its records.
 */
export class CapaEventService {
  constructor(
    private readonly log: ExceptionEventRepository,
    private readonly exceptions: QualityExceptionRepository,
    private readonly events: StoredExceptionEvents,
    private readonly audit: AuditTrail,
  ) {}

  async publish(input: CapaEventInput, actor: Identity, requestId: string | null): Promise<StoredCapaEvent> {
    if (actor.id !== CAPA_NOTIFIER_USER.id) {
      throw new GraphQLError(`${actor.id} may not publish CAPA event ${input.eventKey}: CAPA events are the capa domain's records, told only by ${CAPA_NOTIFIER_USER.id}`, {
        extensions: { code: 'FORBIDDEN', needed: [CAPA_NOTIFIER_USER.id] },
      });
    }
    const event = validateCapaEventInput(input);
    const label = `CapaEvent ${event.eventKey}`;
    return this.log.transaction(async (manager) => {
      await lockKeyUntilCommit(manager, `quality.capa-event.${event.eventKey}`);
      const kept = await this.log.findByEventKey(event.eventKey, manager);
      if (kept) {
        const fields = differing(kept, event);
        if (fields.length === 0) return kept;
        throw badInput(label, fields[0], `event key ${event.eventKey} was published as event ${kept.id} with another ${fields.join(', ')}; one key names one event`);
      }
      const known = new Set(await this.exceptions.existingNumbers(event.capa.exceptionNumbers, manager));
      const unknown = event.capa.exceptionNumbers.filter((number) => !known.has(number));
      if (unknown.length > 0) throw badInput(label, 'exceptionNumbers', `no exception has the number ${unknown.join(', ')}`);
      await this.audit.record(manager, {
        actor,
        action: 'PUBLISH_CAPA_EVENT',
        entityType: 'CapaEvent',
        entityId: event.eventKey,
        changes: {
          eventType: { new: event.type },
          capaNumber: { new: event.capa.number },
          title: { new: event.capa.title },
          status: { new: event.capa.status },
          previousStatus: { new: event.capa.previousStatus },
          exceptionNumbers: { new: event.capa.exceptionNumbers },
          eventDetail: { new: event.detail },
          ...(event.capa.action ? { capaAction: { new: event.capa.action } } : {}),
        },
        requestId,
      });
      return this.events.publishCapa(manager, event);
    });
  }
}
