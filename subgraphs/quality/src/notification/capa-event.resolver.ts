import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import type { StoredCapaEvent } from './exception-event.repository';
import type { CapaEventInput } from './capa-event-input';
import type { CapaEventService } from './capa-event.service';

type Context = SubgraphContext<QualityLoaders>;

/** What the mutation answers of a kept CAPA event. */
function shown(event: StoredCapaEvent) {
  const { capa } = event;
  return {
    eventId: event.id, eventKey: event.eventKey, type: event.type, capaNumber: capa.number, title: capa.title, status: capa.status, previousStatus: capa.previousStatus,
    exceptionNumbers: capa.exceptionNumbers, detail: event.detail, action: capa.action, occurredAt: event.occurredAt,
  };
}

export function capaEventResolvers(capaEvents: CapaEventService) {
  return {
    CapaEventType: { CAPA_STATUS_CHANGED: 'capa.status-changed', CAPA_ACTION_OVERDUE: 'capa.action-overdue' },
    Mutation: {
      publishCapaEvent: async (_: unknown, args: { input: CapaEventInput }, ctx: Context, info: GraphQLResolveInfo) =>
        shown(await capaEvents.publish(args.input, requireRole(ctx, declaredRoles(info), 'publish CAPA events'), ctx.requestId)),
    },
  };
}
