import { CAPA_NOTIFIER_USER, signToken, type GraphClient, type OutboxDelivery, type OutboxMessage } from '@lotgraph/server';

const PUBLISH = `mutation CapaNotifierPublish($input: CapaEventInput!) { publishCapaEvent(input: $input) { eventKey } }`;

/**
 * Tells the quality domain's notifications of a CAPA event through the graph, as the capa.notifier system user.
 * Quality publishes an event once by its key, so one told twice (a crash before it was marked) goes out once.
 */
export class CapaEventDelivery implements OutboxDelivery {
  constructor(
    private readonly graph: GraphClient,
    private readonly tokenSecret: string,
  ) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const token = signToken(CAPA_NOTIFIER_USER, this.tokenSecret, '5m');
    const response = await this.graph.query<{ publishCapaEvent: { eventKey: string } | null }>(PUBLISH, { input: message.payload }, { token, requestId: `outbox-${message.id}` });
    if (!response.data?.publishCapaEvent) {
      throw new Error(`publishCapaEvent ${message.key}: ${response.errors?.map((error) => error.message).join('; ') ?? 'not answered'}`);
    }
  }
}
