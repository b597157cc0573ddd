import { AuditTrail, Outbox, OutboxDispatcher, describeRoles, type OutboxDispatcherOptions, type Role, type SubgraphDatabase } from '@lotgraph/server';
import { AfterCommit } from './after-commit';
import { ExceptionEventFeed } from './exception-event-feed';
import { ExceptionEventRepository } from './exception-event.repository';
import { StoredExceptionEvents } from './stored-exception-events';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookDelivery, eventBody } from './webhook.delivery';
import { WebhookService } from './webhook.service';
import { WEBHOOK_TOPIC } from './webhook-request';
import { CapaEventService } from './capa-event.service';
import { QualityExceptionRepository } from '../exception/quality-exception.repository';

export interface NotificationOptions {
  /** LOTGRAPH_PUBLIC_URL: where people reach the gateway, for the links in events. */
  publicUrl?: string;
  /** The webhook dispatcher's polling and backoff (its topic is always the webhooks'). */
  dispatcher?: OutboxDispatcherOptions;
  /** How long a receiver has to answer (10 s unless told). */
  webhookTimeoutMs?: number;
}

export interface Notifications {
  /** Give it to every service that changes exceptions. */
  events: StoredExceptionEvents;
  webhooks: WebhookService;
  /** CAPA events the capa domain publishes (Mutation.publishCapaEvent), through the same log and webhooks. */
  capaEvents: CapaEventService;
  /** Delivers the webhook outbox messages; a worker of the quality subgraph. */
  dispatcher: OutboxDispatcher;
  feed: ExceptionEventFeed;
  /** GET /internal/exception-events, for the gateway's live stream. */
  internalRoute(readers: readonly Role[]): (query: URLSearchParams) => Promise<unknown>;
}

const MAX_WAIT_MS = 25_000;

function whole(value: string | null, fallback: number, max: number): number {
  const number = value === null ? fallback : Number(value);
  return Number.isInteger(number) && number >= 0 ? Math.min(number, max) : fallback;
}

/** Exception and CAPA events, their webhooks and the feed the gateway's live stream reads. */
export function createNotifications(database: SubgraphDatabase, options: NotificationOptions = {}): Notifications {
  const ds = database.dataSource;
  const outbox = new Outbox(ds, 'quality');
  const log = new ExceptionEventRepository(ds);
  const endpoints = new WebhookEndpointRepository(ds);
  const afterCommit = new AfterCommit(ds);
  const feed = new ExceptionEventFeed(log);
  const dispatcher = new OutboxDispatcher(outbox, new WebhookDelivery(endpoints, log, options.webhookTimeoutMs), { ...options.dispatcher, topics: [WEBHOOK_TOPIC] });
  afterCommit.onCommitted(() => {
    feed.notify();
    dispatcher.wake();
  });
  const events = new StoredExceptionEvents(log, endpoints, outbox, afterCommit, options.publicUrl);
  const audit = new AuditTrail(ds, 'quality');
  return {
    events,
    webhooks: new WebhookService(endpoints, outbox, audit),
    capaEvents: new CapaEventService(log, new QualityExceptionRepository(ds), events, audit),
    dispatcher,
    feed,
    // The gateway has checked the token and its session; it passes the caller's roles, and the quality domain,
    // which owns who may read exceptions, decides.
    internalRoute: (readers) => async (query) => {
      const roles = (query.get('roles') ?? '').split(',');
      if (!roles.some((role) => readers.includes(role as Role))) return { refused: `reading exception events needs ${describeRoles(readers)}` };
      const after = query.get('after');
      if (after !== null && !/^\d{1,18}$/.test(after)) return { refused: `"${after}" is not an event id` };
      const page = await feed.read(after, { limit: whole(query.get('limit'), 100, 500), waitMs: whole(query.get('waitMs'), 0, MAX_WAIT_MS) });
      return { lastEventId: page.lastEventId, events: page.events.map((event) => ({ id: event.id, type: event.type, data: eventBody(event) })) };
    },
  };
}
