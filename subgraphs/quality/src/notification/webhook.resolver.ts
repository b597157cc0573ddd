import type { GraphQLResolveInfo } from 'graphql';
import { declaredRoles, requireRole, type SubgraphContext } from '@lotgraph/server';
import type { QualityLoaders } from '../quality.loaders';
import type { WebhookService } from './webhook.service';
import type { WebhookInput } from './webhook-input';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';

type Context = SubgraphContext<QualityLoaders>;

/** The GraphQL enum's values are the event types receivers see in X-LotGraph-Event. */
export const EXCEPTION_EVENT_TYPE_VALUES = {
  EXCEPTION_CREATED: 'exception.created',
  EXCEPTION_STATUS_CHANGED: 'exception.status-changed',
  EXCEPTION_LOTS_ADDED: 'exception.lots-added',
  EXCEPTION_ESCALATED: 'exception.escalated',
  CAPA_STATUS_CHANGED: 'capa.status-changed',
  CAPA_ACTION_OVERDUE: 'capa.action-overdue',
};

/** What a query shows of an endpoint: everything but the secret. */
function shown(endpoint: WebhookEndpointEntity) {
  return { name: endpoint.name, url: endpoint.url, events: endpoint.events, enabled: endpoint.enabled, createdBy: endpoint.createdBy, createdAt: endpoint.createdAt, updatedAt: endpoint.updatedAt };
}

export function webhookResolvers(webhooks: WebhookService) {
  return {
    ExceptionEventType: EXCEPTION_EVENT_TYPE_VALUES,
    Query: {
      webhooks: async () => (await webhooks.list()).map(shown),
      webhookDeliveries: (_: unknown, args: { name: string; first?: number | null }) => webhooks.deliveries(args.name, args.first),
    },
    Mutation: {
      registerWebhook: async (_: unknown, args: { input: WebhookInput }, ctx: Context, info: GraphQLResolveInfo) =>
        shown(await webhooks.register(args.input, requireRole(ctx, declaredRoles(info), 'register webhooks'), ctx.requestId)),
      disableWebhook: async (_: unknown, args: { name: string }, ctx: Context, info: GraphQLResolveInfo) =>
        shown(await webhooks.disable(args.name, requireRole(ctx, declaredRoles(info), 'disable webhooks'), ctx.requestId)),
    },
  };
}
